package dev.atelier.inference.scheduler;

/**
 * DDIM (Song et al., 2020) with eta 0: deterministic, so the same initial latents always give
 * the same image. Follows diffusers' {@code DDIMScheduler} without sample clipping or
 * thresholding, which Stable Diffusion does not use.
 */
public final class DdimScheduler implements Scheduler {

    private final NoiseSchedule schedule;
    private int[] timesteps = new int[0];
    private int stepRatio;

    public DdimScheduler(SchedulerConfig config) {
        this.schedule = new NoiseSchedule(config, "leading");
    }

    @Override
    public void setTimesteps(int steps) {
        timesteps = schedule.timesteps(steps);
        // DDIM steps back by the training/inference ratio, whatever the spacing of the list.
        stepRatio = schedule.trainTimesteps() / steps;
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
        return sample.clone();
    }

    @Override
    public float[] step(float[] modelOutput, int timestep, float[] sample) {
        if (timesteps.length == 0) throw new IllegalStateException("call setTimesteps first");
        int prev = timestep - stepRatio;
        double alphaT = schedule.alphaCumprod(timestep);
        double alphaPrev = prev >= 0 ? schedule.alphaCumprod(prev) : finalAlphaCumprod();
        double sqrtAlphaT = Math.sqrt(alphaT);
        double sqrtBetaT = Math.sqrt(1 - alphaT);
        double sqrtAlphaPrev = Math.sqrt(alphaPrev);
        double sqrtBetaPrev = Math.sqrt(1 - alphaPrev);
        boolean velocity = schedule.config().velocityPrediction();
        float[] out = new float[sample.length];
        for (int i = 0; i < out.length; i++) {
            double x = sample[i];
            double m = modelOutput[i];
            double x0;
            double eps;
            if (velocity) {
                x0 = sqrtAlphaT * x - sqrtBetaT * m;
                eps = sqrtAlphaT * m + sqrtBetaT * x;
            } else {
                x0 = (x - sqrtBetaT * m) / sqrtAlphaT;
                eps = m;
            }
            out[i] = (float) (sqrtAlphaPrev * x0 + sqrtBetaPrev * eps);
        }
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

    /** The "previous" alpha of the last step: 1 (fully clean) or, as SD 1.5 asks, alpha-bar at 0. */
    private double finalAlphaCumprod() {
        return schedule.config().setAlphaToOne() ? 1.0 : schedule.alphaCumprod(0);
    }
}
