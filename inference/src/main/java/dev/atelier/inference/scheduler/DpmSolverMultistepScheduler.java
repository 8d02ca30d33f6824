package dev.atelier.inference.scheduler;

/**
 * DPM-Solver++ 2M (Lu et al., 2022), as diffusers' {@code DPMSolverMultistepScheduler} with
 * {@code algorithm_type="dpmsolver++"}, {@code solver_order=2}, {@code solver_type="midpoint"},
 * {@code lower_order_final=True} and {@code final_sigmas_type="zero"}: a second-order multistep
 * solver of the diffusion ODE in data-prediction form, deterministic, and good in 15–25 steps.
 * With Karras sigmas it is A1111's "DPM++ 2M Karras".
 *
 * <p>Samples live in the variance-preserving form {@code alpha_t x0 + sigma_t eps} (so no input
 * scaling and an initial noise sigma of 1), with {@code alpha_t = 1 / sqrt(sigma^2 + 1)} and
 * {@code sigma_t = sigma alpha_t} for the schedule's sigma.
 */
public final class DpmSolverMultistepScheduler implements Scheduler {

    /** Karras et al.'s rho: how strongly the sigma schedule crowds steps towards low noise. */
    static final double KARRAS_RHO = 7.0;

    private final NoiseSchedule schedule;
    private final boolean karras;
    private int[] timesteps = new int[0];
    /** sigma per run step, plus a final 0 ("zero" final sigma: the last step lands on x0). */
    private double[] sigmas = new double[0];
    private StepIndex index = new StepIndex(timesteps);
    /** The data prediction of the previous step, which the second-order update needs. */
    private float[] previousX0;

    public DpmSolverMultistepScheduler(SchedulerConfig config) {
        this.schedule = new NoiseSchedule(config, "linspace");
        this.karras = config.useKarrasSigmas();
    }

    @Override
    public void setTimesteps(int steps) {
        int n = schedule.trainTimesteps();
        if (steps < 1 || steps > n) throw new IllegalArgumentException("steps must be in 1.." + n + ", was " + steps);
        sigmas = new double[steps + 1];
        if (karras) {
            double[] k = karrasSigmas(schedule.sigma(0), schedule.sigma(n - 1), steps);
            timesteps = new int[steps];
            for (int i = 0; i < steps; i++) {
                sigmas[i] = k[i];
                timesteps[i] = (int) Math.rint(schedule.timestepOf(k[i]));
            }
        } else {
            timesteps = spacedTimesteps(steps);
            for (int i = 0; i < steps; i++) sigmas[i] = schedule.sigma(timesteps[i]);
        }
        index = new StepIndex(timesteps);
        previousX0 = null;
    }

    /**
     * Karras et al. (2022), eq. 5: sigmas evenly spaced in {@code sigma^(1/rho)} from sigma_max
     * down to sigma_min.
     */
    static double[] karrasSigmas(double sigmaMin, double sigmaMax, int steps) {
        double minInv = Math.pow(sigmaMin, 1 / KARRAS_RHO);
        double maxInv = Math.pow(sigmaMax, 1 / KARRAS_RHO);
        double[] out = new double[steps];
        for (int i = 0; i < steps; i++) {
            double ramp = steps == 1 ? 0 : (double) i / (steps - 1);
            out[i] = Math.pow(maxInv + ramp * (minInv - maxInv), KARRAS_RHO);
        }
        return out;
    }

    /**
     * DPM-Solver's own spacings differ from DDIM's: it spaces {@code steps + 1} points and drops
     * the last (t = 0), so "linspace" and "leading" never step at t = 0 themselves.
     */
    private int[] spacedTimesteps(int steps) {
        int n = schedule.trainTimesteps();
        int[] out = new int[steps];
        switch (schedule.spacing()) {
            case "linspace" -> {
                for (int i = 0; i < steps; i++) out[i] = (int) Math.rint((steps - i) * ((double) (n - 1) / steps));
            }
            case "leading" -> {
                int ratio = n / (steps + 1);
                for (int i = 0; i < steps; i++) out[i] = (steps - i) * ratio + schedule.config().stepsOffset();
            }
            case "trailing" -> {
                double ratio = (double) n / steps;
                for (int i = 0; i < steps; i++) out[i] = (int) Math.rint(n - i * ratio) - 1;
            }
            default -> throw new IllegalArgumentException("timestep_spacing " + schedule.spacing() + " is not supported");
        }
        return out;
    }

    @Override
    public int[] timesteps() {
        return timesteps.clone();
    }

    /** The run's sigmas (one per step, then the final 0); for tests against the published schedule. */
    double[] sigmas() {
        return sigmas.clone();
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
        double alphaS = alpha(sigmas[i]);
        double sigmaS = sigmas[i] * alphaS;
        double alphaT = alpha(sigmas[i + 1]);
        double sigmaT = sigmas[i + 1] * alphaT;
        boolean velocity = schedule.config().velocityPrediction();
        float[] x0 = new float[sample.length];
        for (int k = 0; k < x0.length; k++) {
            double x = sample[k];
            double m = modelOutput[k];
            x0[k] = (float) (velocity ? alphaS * x - sigmaS * m : (x - sigmaS * m) / alphaS);
        }
        // The last step lands on sigma 0, where the second-order term is undefined (h is infinite),
        // and the first step has no previous prediction: both take the first-order (DDIM) update.
        boolean firstOrder = previousX0 == null || index.isLast(i);
        double lambdaT = Math.log(alphaT) - Math.log(sigmaT);
        double lambdaS = Math.log(alphaS) - Math.log(sigmaS);
        double h = lambdaT - lambdaS;
        double ratio = sigmaT / sigmaS;
        double coefficient = alphaT * (Math.exp(-h) - 1.0);
        float[] out = new float[sample.length];
        if (firstOrder) {
            for (int k = 0; k < out.length; k++) out[k] = (float) (ratio * sample[k] - coefficient * x0[k]);
        } else {
            double sigmaPrev = sigmas[i - 1] * alpha(sigmas[i - 1]);
            double lambdaPrev = Math.log(alpha(sigmas[i - 1])) - Math.log(sigmaPrev);
            double r = (lambdaS - lambdaPrev) / h;
            for (int k = 0; k < out.length; k++) {
                double d1 = (x0[k] - previousX0[k]) / r;
                out[k] = (float) (ratio * sample[k] - coefficient * x0[k] - 0.5 * coefficient * d1);
            }
        }
        previousX0 = x0;
        index.advance();
        return out;
    }

    @Override
    public float[] addNoise(float[] original, float[] noise, int timestep) {
        double sigma = schedule.sigma(timestep);
        for (int i = 0; i < timesteps.length; i++) {
            // Karras sigmas are not the schedule's at their rounded timestep; the run's own one counts.
            if (timesteps[i] == timestep) {
                sigma = sigmas[i];
                break;
            }
        }
        double a = alpha(sigma);
        double s = sigma * a;
        float[] out = new float[original.length];
        for (int i = 0; i < out.length; i++) out[i] = (float) (a * original[i] + s * noise[i]);
        return out;
    }

    private static double alpha(double sigma) {
        return 1 / Math.sqrt(sigma * sigma + 1);
    }
}
