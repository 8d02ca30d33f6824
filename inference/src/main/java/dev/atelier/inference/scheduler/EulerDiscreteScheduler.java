package dev.atelier.inference.scheduler;

/**
 * Euler's method on the probability-flow ODE in sigma space (Karras et al., 2022), as
 * diffusers' {@code EulerDiscreteScheduler} does it with no churn: deterministic, and good
 * images in 20–30 steps.
 */
public final class EulerDiscreteScheduler implements Scheduler {

    private final NoiseSchedule schedule;
    private int[] timesteps = new int[0];
    /** sigma per run step, plus a final 0: the clean end of the ODE. */
    private double[] sigmas = new double[0];

    public EulerDiscreteScheduler(SchedulerConfig config) {
        this.schedule = new NoiseSchedule(config, "linspace");
    }

    @Override
    public void setTimesteps(int steps) {
        timesteps = schedule.timesteps(steps);
        sigmas = new double[steps + 1];
        for (int i = 0; i < steps; i++) sigmas[i] = schedule.sigma(timesteps[i]);
    }

    @Override
    public int[] timesteps() {
        return timesteps.clone();
    }

    @Override
    public float initNoiseSigma() {
        double max = 0;
        for (double s : sigmas) max = Math.max(max, s);
        // diffusers: the largest sigma for "linspace"/"trailing", sqrt(sigma^2 + 1) for "leading".
        String spacing = schedule.spacing();
        return (float) (spacing.equals("leading") ? Math.sqrt(max * max + 1) : max);
    }

    @Override
    public float[] scaleModelInput(float[] sample, int timestep) {
        double sigma = sigmas[indexOf(timestep)];
        // The UNet was trained on inputs of unit variance: x_t / sqrt(sigma^2 + 1).
        double scale = 1 / Math.sqrt(sigma * sigma + 1);
        float[] out = new float[sample.length];
        for (int i = 0; i < out.length; i++) out[i] = (float) (sample[i] * scale);
        return out;
    }

    @Override
    public float[] step(float[] modelOutput, int timestep, float[] sample) {
        int index = indexOf(timestep);
        double sigma = sigmas[index];
        double dt = sigmas[index + 1] - sigma;
        boolean velocity = schedule.config().velocityPrediction();
        double c = 1 / (sigma * sigma + 1);
        float[] out = new float[sample.length];
        for (int i = 0; i < out.length; i++) {
            double x = sample[i];
            double m = modelOutput[i];
            double x0 = velocity ? m * (-sigma * Math.sqrt(c)) + x * c : x - sigma * m;
            double derivative = (x - x0) / sigma;
            out[i] = (float) (x + derivative * dt);
        }
        return out;
    }

    @Override
    public float[] addNoise(float[] original, float[] noise, int timestep) {
        double sigma = schedule.sigma(timestep);
        float[] out = new float[original.length];
        for (int i = 0; i < out.length; i++) out[i] = (float) (original[i] + sigma * noise[i]);
        return out;
    }

    private int indexOf(int timestep) {
        for (int i = 0; i < timesteps.length; i++) {
            if (timesteps[i] == timestep) return i;
        }
        throw new IllegalArgumentException("timestep " + timestep + " is not in this run; call setTimesteps first");
    }
}
