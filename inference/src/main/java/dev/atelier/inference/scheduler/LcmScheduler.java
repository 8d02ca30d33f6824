package dev.atelier.inference.scheduler;

/**
 * The latent consistency model's multistep sampler (Luo et al., 2023, algorithm 3), as diffusers'
 * {@code LCMScheduler}: a consistency-distilled UNet maps any noisy latent straight to a clean one,
 * so each step predicts x0 and, except at the last, noises it again to the next timestep. Made
 * for LCM and LCM-LoRA models in 2–8 steps with low guidance (1–2).
 *
 * <p>Its timesteps come from the distillation schedule ({@code original_inference_steps}, 50 by
 * default: t = 19, 39, …, 999), whatever {@code timestep_spacing} says, as in diffusers. The
 * re-noising draws from the job's seed.
 *
 * <p>LCM models distilled with guidance (LCM-Dreamshaper) also take a {@code timestep_cond}
 * guidance embedding; that is the pipeline's business, not the scheduler's.
 */
public final class LcmScheduler implements Scheduler {

    /** The consistency models' sigma_data: the data's assumed standard deviation. */
    private static final double SIGMA_DATA = 0.5;

    private final NoiseSchedule schedule;
    private final StepNoise noise;
    private int[] timesteps = new int[0];
    private StepIndex index = new StepIndex(timesteps);

    public LcmScheduler(SchedulerConfig config, long seed) {
        this(config, StepNoise.seeded(seed));
    }

    LcmScheduler(SchedulerConfig config, StepNoise noise) {
        this.schedule = new NoiseSchedule(config, "leading");
        this.noise = noise;
    }

    @Override
    public void setTimesteps(int steps) {
        int original = schedule.config().originalInferenceSteps();
        if (steps < 1 || steps > original) {
            throw new IllegalArgumentException("LCM steps must be in 1.." + original + ", was " + steps);
        }
        // The distillation schedule, noisiest first: k * j - 1 for j = original .. 1.
        int k = schedule.trainTimesteps() / original;
        // Then steps of it, at evenly spaced indices: floor(i * original / steps).
        timesteps = new int[steps];
        for (int i = 0; i < steps; i++) {
            int at = (int) Math.floor(i * ((double) original / steps));
            timesteps[i] = (original - at) * k - 1;
        }
        index = new StepIndex(timesteps);
    }

    @Override
    public int[] timesteps() {
        return timesteps.clone();
    }

    @Override
    public float initNoiseSigma() {
        return 1f;
    }

    @Override
    public float[] scaleModelInput(float[] sample, int timestep) {
        index.at(timestep);
        return sample.clone();
    }

    @Override
    public float[] step(float[] modelOutput, int timestep, float[] sample) {
        int i = index.at(timestep);
        boolean last = index.isLast(i);
        int prev = last ? timestep : timesteps[i + 1];
        double alphaT = schedule.alphaCumprod(timestep);
        double alphaPrev = schedule.alphaCumprod(prev);
        // The boundary condition: at t = 0 the consistency function is the identity.
        double scaled = timestep * schedule.config().timestepScaling();
        double cSkip = SIGMA_DATA * SIGMA_DATA / (scaled * scaled + SIGMA_DATA * SIGMA_DATA);
        double cOut = scaled / Math.sqrt(scaled * scaled + SIGMA_DATA * SIGMA_DATA);
        double a = Math.sqrt(alphaT);
        double b = Math.sqrt(1 - alphaT);
        boolean velocity = schedule.config().velocityPrediction();
        float[] z = last ? null : noise.next(sample.length, sample);
        double keep = Math.sqrt(alphaPrev);
        double renoise = Math.sqrt(1 - alphaPrev);
        float[] out = new float[sample.length];
        for (int k = 0; k < out.length; k++) {
            double x = sample[k];
            double m = modelOutput[k];
            double x0 = velocity ? a * x - b * m : (x - b * m) / a;
            double denoised = cOut * x0 + cSkip * x;
            out[k] = (float) (last ? denoised : keep * denoised + renoise * z[k]);
        }
        index.advance();
        return out;
    }

    @Override
    public float[] addNoise(float[] original, float[] noise, int timestep) {
        double a = Math.sqrt(schedule.alphaCumprod(timestep));
        double b = Math.sqrt(1 - schedule.alphaCumprod(timestep));
        float[] out = new float[original.length];
        for (int i = 0; i < out.length; i++) out[i] = (float) (a * original[i] + b * noise[i]);
        return out;
    }
}
