package dev.atelier.inference.scheduler;

import org.junit.jupiter.api.Test;

import static dev.atelier.inference.scheduler.PublishedSchedule.alphaBar;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** LCM against the latent consistency paper's schedule and boundary condition (Luo et al., 2023). */
class LcmSchedulerTest {

    private static final SchedulerConfig SD15 = SchedulerConfig.STABLE_DIFFUSION_1_5;

    @Test
    void fourStepsOfTheFiftyStepDistillationScheduleAre999_759_499_259() {
        // Distillation timesteps k j - 1 with k = 1000 // 50 = 20, j = 1..50, noisiest first;
        // four of them at indices floor(i * 50 / 4) = 0, 12, 25, 37.
        int[] origin = new int[50];
        for (int j = 0; j < 50; j++) origin[j] = 20 * (50 - j) - 1;
        int[] expected = new int[4];
        for (int i = 0; i < 4; i++) expected[i] = origin[(int) Math.floor(i * 50 / 4.0)];
        assertThat(expected).containsExactly(999, 759, 499, 259);
        Scheduler lcm = SchedulerKind.LCM.create(SD15);
        lcm.setTimesteps(4);
        assertThat(lcm.timesteps()).containsExactly(expected);
    }

    @Test
    void oneStepIsTheBoundaryConditionAppliedToThePredictedCleanLatent() {
        Scheduler lcm = SchedulerKind.LCM.create(SD15);
        lcm.setTimesteps(1);
        assertThat(lcm.timesteps()).containsExactly(999);
        float x = 1.5f;
        float eps = 0.25f;
        float[] out = lcm.step(new float[]{eps}, 999, new float[]{x});
        // x0 = (x - sqrt(1 - a) eps) / sqrt(a); c_skip = 0.25 / ((10 t)^2 + 0.25); c_out = 10 t / sqrt((10 t)^2 + 0.25)
        double a = alphaBar(999);
        double x0 = (x - Math.sqrt(1 - a) * eps) / Math.sqrt(a);
        double scaled = 999 * 10.0;
        double cSkip = 0.25 / (scaled * scaled + 0.25);
        double cOut = scaled / Math.sqrt(scaled * scaled + 0.25);
        assertThat((double) out[0]).isCloseTo(cOut * x0 + cSkip * x, within(1e-4));
    }

    @Test
    void betweenStepsTheCleanPredictionIsNoisedToTheNextTimestepWithTheSeedsNoise() {
        // A zero noise prediction on a zero latent predicts x0 = 0, so what comes out is only the
        // fresh noise scaled by sqrt(1 - alpha-bar_759): its spread over many values shows the scale.
        int n = 200_000;
        Scheduler lcm = SchedulerKind.LCM.create(SD15, 42);
        lcm.setTimesteps(4);
        float[] out = lcm.step(new float[n], 999, new float[n]);
        double sum = 0;
        double squares = 0;
        for (float v : out) {
            sum += v;
            squares += v * (double) v;
        }
        double mean = sum / n;
        double std = Math.sqrt(squares / n - mean * mean);
        assertThat(mean).isCloseTo(0, within(0.01));
        assertThat(std).isCloseTo(Math.sqrt(1 - alphaBar(759)), within(0.01));
        Scheduler again = SchedulerKind.LCM.create(SD15, 42);
        again.setTimesteps(4);
        assertThat(again.step(new float[n], 999, new float[n])).containsExactly(out);
    }

    @Test
    void originalInferenceStepsComeFromTheConfigFile(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path file = dir.resolve("scheduler_config.json");
        java.nio.file.Files.writeString(file, """
                {"_class_name": "LCMScheduler", "beta_start": 0.00085, "beta_end": 0.012,
                 "beta_schedule": "scaled_linear", "original_inference_steps": 100, "timestep_scaling": 10.0}
                """);
        SchedulerConfig config = SchedulerConfig.read(file);
        assertThat(SchedulerKind.fromDiffusersClass(config.className())).contains(SchedulerKind.LCM);
        Scheduler lcm = SchedulerKind.LCM.create(config);
        lcm.setTimesteps(4);
        // k = 10: 999, then indices floor(i * 25) of 999, 989, ...: 999, 749, 499, 249
        assertThat(lcm.timesteps()).containsExactly(999, 749, 499, 249);
    }
}
