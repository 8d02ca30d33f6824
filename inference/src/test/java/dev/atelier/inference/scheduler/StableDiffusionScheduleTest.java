package dev.atelier.inference.scheduler;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Known numbers for Stable Diffusion 1.5's schedule (scaled_linear, beta 0.00085..0.012, 1000
 * steps, steps_offset 1), worked out here from the published formulas rather than read back
 * from the code under test.
 */
class StableDiffusionScheduleTest {

    private static final SchedulerConfig SD15 = SchedulerConfig.STABLE_DIFFUSION_1_5;

    /** beta_i = (sqrt(0.00085) + i/999 * (sqrt(0.012) - sqrt(0.00085)))^2, alpha-bar = prod(1 - beta). */
    private static double alphaBar(int t) {
        double a = Math.sqrt(0.00085);
        double b = Math.sqrt(0.012);
        double product = 1;
        for (int i = 0; i <= t; i++) {
            double root = a + (b - a) * i / 999.0;
            product *= 1 - root * root;
        }
        return product;
    }

    @Test
    void ddimTwentyStepsLeadingWithOffsetOneRunsFrom951DownTo1() {
        Scheduler ddim = SchedulerKind.DDIM.create(SD15);
        ddim.setTimesteps(20);
        int[] expected = new int[20];
        for (int i = 0; i < 20; i++) expected[i] = 951 - 50 * i;
        assertThat(ddim.timesteps()).containsExactly(expected);
        assertThat(ddim.timesteps()[19]).isEqualTo(1);
    }

    @Test
    void trailingSpacingStartsAtTheLastTrainingTimestep() {
        Scheduler ddim = SchedulerKind.DDIM.create(SD15.withTimestepSpacing("trailing"));
        ddim.setTimesteps(20);
        assertThat(ddim.timesteps()[0]).isEqualTo(999);
        assertThat(ddim.timesteps()[19]).isEqualTo(49);
    }

    @Test
    void firstAlphaBarIsOneMinusBetaStart() {
        // alpha-bar_0 = 1 - 0.00085; the DDIM step with zero noise prediction shows it.
        assertThat(alphaBar(0)).isCloseTo(0.99915, within(1e-12));
        Scheduler ddim = SchedulerKind.DDIM.create(SD15);
        ddim.setTimesteps(20);
        float[] x = {1f};
        // Last step (t = 1, previous = -49 < 0, set_alpha_to_one = false):
        // x_prev = sqrt(alpha-bar_0 / alpha-bar_1) * x when the model predicts zero noise.
        float[] prev = ddim.step(new float[]{0f}, 1, x);
        assertThat((double) prev[0]).isCloseTo(Math.sqrt(alphaBar(0) / alphaBar(1)), within(1e-6));
    }

    @Test
    void ddimFullLoopWithZeroNoisePredictionTelescopesToTheAlphaRatio() {
        // With eps = 0 each step multiplies by sqrt(alpha-bar_prev / alpha-bar_t); the product
        // telescopes to sqrt(alpha-bar_0 / alpha-bar_951).
        Scheduler ddim = SchedulerKind.DDIM.create(SD15);
        ddim.setTimesteps(20);
        float[] x = {1f, -2f, 0.5f};
        for (int t : ddim.timesteps()) x = ddim.step(new float[3], t, x);
        double factor = Math.sqrt(alphaBar(0) / alphaBar(951));
        assertThat((double) x[0]).isCloseTo(factor, within(1e-4 * factor));
        assertThat((double) x[1]).isCloseTo(-2 * factor, within(2e-4 * factor));
        // alpha-bar_951 is a little under 0.01, so the latents grow about elevenfold
        assertThat(factor).isBetween(10.0, 12.0);
    }

    @Test
    void eulerSigmaMaxIsTheWellKnown14Point6() {
        // SD 1.x: sigma_max = sqrt((1 - alpha-bar_999) / alpha-bar_999) = 14.6146, the number k-diffusion publishes.
        Scheduler euler = SchedulerKind.EULER.create(SD15.withTimestepSpacing("trailing"));
        euler.setTimesteps(20);
        assertThat(euler.initNoiseSigma()).isCloseTo(14.6146f, within(1e-3f));
        double sigma999 = Math.sqrt((1 - alphaBar(999)) / alphaBar(999));
        assertThat(sigma999).isCloseTo(14.6146, within(1e-3));
    }

    @Test
    void eulerLeadingInitNoiseSigmaIsSqrtOfSigmaSquaredPlusOne() {
        Scheduler euler = SchedulerKind.EULER.create(SD15.withTimestepSpacing("leading"));
        euler.setTimesteps(20);
        assertThat(euler.timesteps()[0]).isEqualTo(951);
        double sigma = Math.sqrt((1 - alphaBar(951)) / alphaBar(951));
        assertThat((double) euler.initNoiseSigma()).isCloseTo(Math.sqrt(sigma * sigma + 1), within(1e-4));
        // scale_model_input divides by that same number at the first timestep
        float[] scaled = euler.scaleModelInput(new float[]{1f}, 951);
        assertThat((double) scaled[0]).isCloseTo(1 / Math.sqrt(sigma * sigma + 1), within(1e-6));
    }

    @Test
    void eulerFullLoopWithIdentityNoisePredictionMultipliesByOnePlusEachSigmaDrop() {
        // eps = x gives x0 = x - sigma x, derivative x, so x_prev = x (1 + sigma_next - sigma).
        Scheduler euler = SchedulerKind.EULER.create(SD15);
        euler.setTimesteps(20);
        int[] ts = euler.timesteps();
        float[] x = {1f};
        double expected = 1;
        for (int i = 0; i < ts.length; i++) {
            double sigma = Math.sqrt((1 - alphaBar(ts[i])) / alphaBar(ts[i]));
            double next = i + 1 < ts.length ? Math.sqrt((1 - alphaBar(ts[i + 1])) / alphaBar(ts[i + 1])) : 0;
            expected *= 1 + next - sigma;
            x = euler.step(x.clone(), ts[i], x);
        }
        assertThat((double) x[0]).isCloseTo(expected, within(1e-4 * Math.abs(expected) + 1e-6));
    }

    @Test
    void sd15ConfigFileReadsWithDiffusersDefaults(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("scheduler_config.json");
        Files.writeString(file, """
                {"_class_name": "PNDMScheduler", "_diffusers_version": "0.6.0", "beta_end": 0.012,
                 "beta_schedule": "scaled_linear", "beta_start": 0.00085, "num_train_timesteps": 1000,
                 "set_alpha_to_one": false, "skip_prk_steps": true, "steps_offset": 1,
                 "trained_betas": null, "clip_sample": false}
                """);
        assertThat(SchedulerConfig.read(file)).isEqualTo(SD15);
    }
}
