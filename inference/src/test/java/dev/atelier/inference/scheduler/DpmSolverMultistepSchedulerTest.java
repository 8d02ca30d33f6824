package dev.atelier.inference.scheduler;

import org.junit.jupiter.api.Test;

import static dev.atelier.inference.scheduler.PublishedSchedule.karrasSigma;
import static dev.atelier.inference.scheduler.PublishedSchedule.sigma;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** DPM-Solver++ 2M against Karras' sigma formula and the solver's published update rules. */
class DpmSolverMultistepSchedulerTest {

    private static final SchedulerConfig SD15 = SchedulerConfig.STABLE_DIFFUSION_1_5;

    private static DpmSolverMultistepScheduler karras(int steps) {
        var s = (DpmSolverMultistepScheduler) SchedulerKind.DPM_PLUS_PLUS_2M_KARRAS.create(SD15);
        s.setTimesteps(steps);
        return s;
    }

    @Test
    void karrasSigmasRunFromSigmaMaxToSigmaMinWithRhoSeven() {
        // SD 1.5: sigma_max = sigma(999) = 14.6146, sigma_min = sigma(0) = 0.0292 (k-diffusion's numbers)
        assertThat(sigma(999)).isCloseTo(14.6146, within(1e-4));
        assertThat(sigma(0)).isCloseTo(0.029168, within(1e-5));
        double[] sigmas = karras(20).sigmas();
        assertThat(sigmas).hasSize(21);
        for (int i = 0; i < 20; i++) assertThat(sigmas[i]).as("sigma %d", i).isCloseTo(karrasSigma(i, 20), within(1e-9));
        assertThat(sigmas[0]).isCloseTo(14.6146, within(1e-4));
        assertThat(sigmas[19]).isCloseTo(0.029168, within(1e-5));
        assertThat(sigmas[20]).isZero(); // final_sigmas_type "zero": the last step lands on x0
        // A point in the middle, by hand: (14.6146^(1/7) + 10/19 (0.029168^(1/7) - 14.6146^(1/7)))^7
        double middle = Math.pow(Math.pow(14.614641, 1 / 7.0) + 10 / 19.0 * (Math.pow(0.0291672, 1 / 7.0)
                - Math.pow(14.614641, 1 / 7.0)), 7);
        assertThat(sigmas[10]).isCloseTo(middle, within(1e-5));
    }

    @Test
    void karrasTimestepsAreTheSigmasMappedBackThroughLogSigmaInterpolation() {
        int[] timesteps = karras(20).timesteps();
        for (int i = 0; i < 20; i++) {
            assertThat(timesteps[i]).as("timestep %d", i).isEqualTo((int) Math.rint(PublishedSchedule.timestepOf(karrasSigma(i, 20))));
        }
        // What diffusers' DPMSolverMultistepScheduler(use_karras_sigmas=True) lists for SD 1.5 at 20 steps
        assertThat(timesteps).containsExactly(999, 962, 921, 876, 827, 772, 710, 640, 561, 474, 380, 285, 197,
                123, 69, 35, 15, 6, 2, 0);
    }

    @Test
    void aRepeatedKarrasTimestepAt50StepsIsSteppedTwice() {
        DpmSolverMultistepScheduler s = karras(50);
        int[] t = s.timesteps();
        boolean repeated = false;
        for (int i = 1; i < t.length; i++) repeated |= t[i] == t[i - 1];
        assertThat(repeated).as("two sigmas near 0.04 both round to t = 1").isTrue();
        float[] x = {1f, -1f};
        for (int timestep : t) x = s.step(new float[2], timestep, s.scaleModelInput(x, timestep));
        for (float v : x) assertThat(Float.isFinite(v)).isTrue();
    }

    @Test
    void theFirstStepIsFirstOrderAndTheSecondUsesTheMidpointCorrection() {
        DpmSolverMultistepScheduler s = karras(20);
        double[] sig = s.sigmas();
        int[] t = s.timesteps();
        // Oracle-free check of the update formulas with a fixed data prediction per step:
        // epsilon = (x - alpha_s x0) / sigma_s makes the model's x0 exactly the one chosen.
        double x = 0.7;
        double x0a = 0.2;
        double x0b = -0.1;
        float[] after1 = s.step(new float[]{(float) eps(x, x0a, sig[0])}, t[0], new float[]{(float) x});
        // first order: x_t = (sigma_t / sigma_s) x - alpha_t (e^{-h} - 1) x0
        double h1 = lambda(sig[1]) - lambda(sig[0]);
        double expected1 = vp(sig[1]) / vp(sig[0]) * x - alpha(sig[1]) * (Math.exp(-h1) - 1) * x0a;
        assertThat((double) after1[0]).isCloseTo(expected1, within(1e-5));
        // second order (midpoint): - 0.5 alpha_t (e^{-h} - 1) D1, D1 = (x0_now - x0_before) / r, r = h_prev / h
        double x1 = after1[0];
        float[] after2 = s.step(new float[]{(float) eps(x1, x0b, sig[1])}, t[1], new float[]{(float) x1});
        double h2 = lambda(sig[2]) - lambda(sig[1]);
        double r = h1 / h2;
        double d1 = (x0b - x0a) / r;
        double c = alpha(sig[2]) * (Math.exp(-h2) - 1);
        double expected2 = vp(sig[2]) / vp(sig[1]) * x1 - c * x0b - 0.5 * c * d1;
        assertThat((double) after2[0]).isCloseTo(expected2, within(1e-5));
    }

    private static double alpha(double sigma) {
        return 1 / Math.sqrt(sigma * sigma + 1);
    }

    private static double vp(double sigma) {
        return sigma * alpha(sigma);
    }

    private static double lambda(double sigma) {
        return Math.log(alpha(sigma)) - Math.log(vp(sigma));
    }

    private static double eps(double x, double x0, double sigma) {
        return (x - alpha(sigma) * x0) / vp(sigma);
    }
}
