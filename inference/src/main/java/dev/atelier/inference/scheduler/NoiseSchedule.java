package dev.atelier.inference.scheduler;

/**
 * The training noise schedule shared by every sampler: the betas and their cumulative alpha
 * products, plus the way a run picks its timesteps. Doubles throughout so that the numbers do not
 * depend on the order of float rounding.
 */
final class NoiseSchedule {

    private final SchedulerConfig config;
    private final String spacing;
    private final double[] alphasCumprod;

    /**
     * @param defaultSpacing the scheduler class's own {@code timestep_spacing}, used when the config
     *                       names none (diffusers' classes disagree: DDIM "leading", Euler "linspace")
     */
    NoiseSchedule(SchedulerConfig config, String defaultSpacing) {
        this.config = config;
        this.spacing = config.timestepSpacingOr(defaultSpacing);
        int n = config.trainTimesteps();
        alphasCumprod = new double[n];
        double product = 1;
        for (int i = 0; i < n; i++) {
            double fraction = n == 1 ? 0 : (double) i / (n - 1);
            double beta;
            if (config.betaSchedule().equals("scaled_linear")) {
                // "scaled_linear" is linear in sqrt(beta), the schedule latent diffusion was trained with.
                double root = Math.sqrt(config.betaStart())
                        + fraction * (Math.sqrt(config.betaEnd()) - Math.sqrt(config.betaStart()));
                beta = root * root;
            } else {
                beta = config.betaStart() + fraction * (config.betaEnd() - config.betaStart());
            }
            product *= 1 - beta;
            alphasCumprod[i] = product;
        }
    }

    SchedulerConfig config() {
        return config;
    }

    /** The {@code timestep_spacing} in force: the config's, else the scheduler's default. */
    String spacing() {
        return spacing;
    }

    int trainTimesteps() {
        return alphasCumprod.length;
    }

    /** alpha-bar at timestep {@code t}: how much of the clean signal survives. */
    double alphaCumprod(int t) {
        return alphasCumprod[t];
    }

    /** The Karras-style sigma at timestep {@code t}: noise over signal. */
    double sigma(int t) {
        return Math.sqrt((1 - alphasCumprod[t]) / alphasCumprod[t]);
    }

    /** The timesteps of a run of {@code steps}, noisiest first, per {@code timestep_spacing}. */
    int[] timesteps(int steps) {
        int n = trainTimesteps();
        if (steps < 1 || steps > n) {
            throw new IllegalArgumentException("steps must be in 1.." + n + ", was " + steps);
        }
        int[] out = new int[steps];
        switch (spacing) {
            case "leading" -> {
                int ratio = n / steps;
                for (int i = 0; i < steps; i++) out[i] = (steps - 1 - i) * ratio + config.stepsOffset();
            }
            case "trailing" -> {
                double ratio = (double) n / steps;
                for (int i = 0; i < steps; i++) out[i] = (int) Math.rint(n - i * ratio) - 1;
            }
            case "linspace" -> {
                for (int i = 0; i < steps; i++) {
                    // numpy's linspace: index times (stop - start) / (num - 1), which decides ties.
                    double v = steps == 1 ? 0 : (steps - 1 - i) * ((double) (n - 1) / (steps - 1));
                    out[i] = (int) Math.rint(v);
                }
            }
            default -> throw new IllegalArgumentException(
                    "timestep_spacing " + spacing + " is not supported");
        }
        return out;
    }

    /**
     * The (fractional) timestep whose sigma is {@code sigma}, interpolating linearly in log sigma
     * between neighbouring training timesteps, as diffusers' {@code _sigma_to_t} does: how a sigma
     * schedule that is not tied to timesteps (Karras') tells the UNet where it is.
     */
    double timestepOf(double sigma) {
        double logSigma = Math.log(Math.max(sigma, 1e-10));
        int n = trainTimesteps();
        // sigma grows with t: find the last training timestep whose log sigma is at or below it.
        int low = 0;
        for (int t = 0; t < n; t++) {
            if (logSigma >= Math.log(sigma(t))) low = t;
        }
        low = Math.min(low, n - 2);
        double lo = Math.log(sigma(low));
        double hi = Math.log(sigma(low + 1));
        double w = Math.clamp((lo - logSigma) / (lo - hi), 0.0, 1.0);
        return (1 - w) * low + w * (low + 1);
    }
}
