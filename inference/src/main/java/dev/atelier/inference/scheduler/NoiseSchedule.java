package dev.atelier.inference.scheduler;

/**
 * The training noise schedule shared by every sampler: the betas and their cumulative alpha
 * products, plus the way a run picks its timesteps. Doubles throughout so that the numbers do not
 * depend on the order of float rounding.
 */
final class NoiseSchedule {

    private final SchedulerConfig config;
    private final double[] alphasCumprod;

    NoiseSchedule(SchedulerConfig config) {
        this.config = config;
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
        switch (config.timestepSpacing()) {
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
                    double v = steps == 1 ? 0 : (double) (n - 1) * (steps - 1 - i) / (steps - 1);
                    out[i] = (int) Math.rint(v);
                }
            }
            default -> throw new IllegalArgumentException(
                    "timestep_spacing " + config.timestepSpacing() + " is not supported");
        }
        return out;
    }
}
