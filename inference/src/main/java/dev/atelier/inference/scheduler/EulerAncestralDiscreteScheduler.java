package dev.atelier.inference.scheduler;

/**
 * Euler ancestral ("Euler a"), as diffusers' {@code EulerAncestralDiscreteScheduler} and
 * k-diffusion's {@code sample_euler_ancestral} do it: each step goes down by an Euler step to a
 * sigma below the target ({@code sigma_down}) and adds fresh noise back up to it
 * ({@code sigma_up}), with {@code sigma_down^2 + sigma_up^2 = sigma_next^2}. The added noise
 * makes it stochastic, so it draws from the job's seed; images keep changing as steps are added,
 * which people like it for.
 */
public final class EulerAncestralDiscreteScheduler implements Scheduler {

    private final NoiseSchedule schedule;
    private final StepNoise noise;
    private int[] timesteps = new int[0];
    /** sigma per run step, plus a final 0. */
    private double[] sigmas = new double[0];
    private StepIndex index = new StepIndex(timesteps);

    public EulerAncestralDiscreteScheduler(SchedulerConfig config, long seed) {
        this(config, StepNoise.seeded(seed));
    }

    EulerAncestralDiscreteScheduler(SchedulerConfig config, StepNoise noise) {
        this.schedule = new NoiseSchedule(config, "linspace");
        this.noise = noise;
    }

    @Override
    public void setTimesteps(int steps) {
        timesteps = schedule.timesteps(steps);
        sigmas = new double[steps + 1];
        for (int i = 0; i < steps; i++) sigmas[i] = schedule.sigma(timesteps[i]);
        index = new StepIndex(timesteps);
    }

    @Override
    public int[] timesteps() {
        return timesteps.clone();
    }

    @Override
    public float initNoiseSigma() {
        double max = 0;
        for (double s : sigmas) max = Math.max(max, s);
        // Same rule as Euler: "leading" never starts at the last training timestep, so it adds one.
        return (float) (schedule.spacing().equals("leading") ? Math.sqrt(max * max + 1) : max);
    }

    @Override
    public float[] scaleModelInput(float[] sample, int timestep) {
        double sigma = sigmas[index.at(timestep)];
        double scale = 1 / Math.sqrt(sigma * sigma + 1);
        float[] out = new float[sample.length];
        for (int i = 0; i < out.length; i++) out[i] = (float) (sample[i] * scale);
        return out;
    }

    @Override
    public float[] step(float[] modelOutput, int timestep, float[] sample) {
        int i = index.at(timestep);
        double sigma = sigmas[i];
        double next = sigmas[i + 1];
        double up = Math.sqrt(next * next * (sigma * sigma - next * next) / (sigma * sigma));
        double down = Math.sqrt(Math.max(0, next * next - up * up));
        double dt = down - sigma;
        boolean velocity = schedule.config().velocityPrediction();
        double c = 1 / (sigma * sigma + 1);
        float[] z = noise.next(sample.length, sample);
        float[] out = new float[sample.length];
        for (int k = 0; k < out.length; k++) {
            double x = sample[k];
            double m = modelOutput[k];
            double x0 = velocity ? m * (-sigma * Math.sqrt(c)) + x * c : x - sigma * m;
            double derivative = (x - x0) / sigma;
            out[k] = (float) (x + derivative * dt + z[k] * up);
        }
        index.advance();
        return out;
    }

    @Override
    public float[] addNoise(float[] original, float[] noise, int timestep) {
        double sigma = schedule.sigma(timestep);
        float[] out = new float[original.length];
        for (int i = 0; i < out.length; i++) out[i] = (float) (original[i] + sigma * noise[i]);
        return out;
    }
}
