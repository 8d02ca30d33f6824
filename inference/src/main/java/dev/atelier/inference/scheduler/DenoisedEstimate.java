package dev.atelier.inference.scheduler;

/**
 * The clean latents a model output implies, whatever sampler runs: what a preview shows. The
 * UNet always sees the variance-preserving sample {@code x = sqrt(a) x0 + sqrt(1 - a) eps}
 * (the sigma-space samplers scale theirs to it in {@link Scheduler#scaleModelInput}), so
 * {@code x0 = (x - sqrt(1 - a) eps) / sqrt(a)} for an epsilon model and
 * {@code x0 = sqrt(a) x - sqrt(1 - a) v} for a v-prediction one, with {@code a} the training
 * schedule's alpha-bar at the timestep (DDPM, eq. 15; Salimans and Ho 2022, sec. 4).
 */
public final class DenoisedEstimate {

    private final NoiseSchedule schedule;
    private final boolean velocity;

    public DenoisedEstimate(SchedulerConfig config) {
        this.schedule = new NoiseSchedule(config, "leading");
        this.velocity = config.velocityPrediction();
    }

    /**
     * @param modelInput  the sample as the model saw it at {@code timestep} (after scaling); only
     *                    the first {@code modelOutput.length} values are read, so an inpainting
     *                    UNet's 9-channel input can be passed as it is
     * @param modelOutput the guided prediction (epsilon or v)
     */
    public float[] originalSample(float[] modelInput, float[] modelOutput, int timestep) {
        int t = Math.max(0, Math.min(schedule.trainTimesteps() - 1, timestep));
        double a = schedule.alphaCumprod(t);
        double signal = Math.sqrt(a);
        double noise = Math.sqrt(1 - a);
        float[] out = new float[modelOutput.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = velocity
                    ? (float) (signal * modelInput[i] - noise * modelOutput[i])
                    : (float) ((modelInput[i] - noise * modelOutput[i]) / signal);
        }
        return out;
    }
}
