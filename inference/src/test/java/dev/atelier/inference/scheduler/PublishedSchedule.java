package dev.atelier.inference.scheduler;

/**
 * Stable Diffusion 1.5's training schedule written out from its definition, independently of
 * {@code NoiseSchedule}: beta_i = (sqrt(0.00085) + i/999 (sqrt(0.012) - sqrt(0.00085)))^2,
 * alpha-bar_t = prod_{i <= t} (1 - beta_i), sigma_t = sqrt((1 - alpha-bar_t) / alpha-bar_t).
 */
final class PublishedSchedule {

    private static final double[] ALPHA_BAR = new double[1000];

    static {
        double a = Math.sqrt(0.00085);
        double b = Math.sqrt(0.012);
        double product = 1;
        for (int i = 0; i < 1000; i++) {
            double root = a + (b - a) * i / 999.0;
            product *= 1 - root * root;
            ALPHA_BAR[i] = product;
        }
    }

    private PublishedSchedule() {
    }

    static double alphaBar(int t) {
        return ALPHA_BAR[t];
    }

    static double sigma(int t) {
        return Math.sqrt((1 - ALPHA_BAR[t]) / ALPHA_BAR[t]);
    }

    /** Karras et al. (2022) eq. 5 with rho = 7 between SD 1.5's sigma_min (t = 0) and sigma_max (t = 999). */
    static double karrasSigma(int i, int steps) {
        double rho = 7;
        double minInv = Math.pow(sigma(0), 1 / rho);
        double maxInv = Math.pow(sigma(999), 1 / rho);
        double ramp = steps == 1 ? 0 : (double) i / (steps - 1);
        return Math.pow(maxInv + ramp * (minInv - maxInv), rho);
    }

    /** The fractional timestep of a sigma: linear in log sigma between the two training timesteps around it. */
    static double timestepOf(double sigma) {
        double target = Math.log(sigma);
        if (target <= Math.log(sigma(0))) return 0;
        for (int t = 0; t < 999; t++) {
            double lo = Math.log(sigma(t));
            double hi = Math.log(sigma(t + 1));
            if (target >= lo && target <= hi) return t + (target - lo) / (hi - lo);
        }
        return 999;
    }
}
