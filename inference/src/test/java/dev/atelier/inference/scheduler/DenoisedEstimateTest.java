package dev.atelier.inference.scheduler;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * A preview shows the clean latents a step's prediction implies: given the exact noise (or v)
 * of a sample made from known latents, the estimate is those latents, for samplers that work in
 * the variance-preserving space (DDIM) and in sigma space (Euler) alike.
 */
class DenoisedEstimateTest {

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"DDIM, epsilon", "DDIM, v_prediction", "EULER, epsilon", "EULER, v_prediction",
            "DPM_PLUS_PLUS_2M, epsilon"})
    void theExactPredictionGivesBackTheCleanLatents(SchedulerKind kind, String prediction) {
        SchedulerConfig config = SchedulerConfig.STABLE_DIFFUSION_1_5.withPredictionType(prediction)
                .withTimestepSpacing("leading");
        Scheduler scheduler = kind.create(config, 7);
        scheduler.setTimesteps(20);
        int t = scheduler.timesteps()[4];
        float[] clean = {0.8f, -0.3f, 0.05f, -1.2f, 0.4f, 0.0f, 1.1f, -0.7f};
        float[] eps = {0.3f, -1.1f, 0.6f, 0.2f, -0.4f, 1.5f, -0.9f, 0.1f};

        float[] input = scheduler.scaleModelInput(scheduler.addNoise(clean, eps, t), t);
        double a = PublishedSchedule.alphaBar(t);
        float[] output = new float[eps.length];
        for (int i = 0; i < eps.length; i++) {
            output[i] = prediction.equals("epsilon") ? eps[i]
                    : (float) (Math.sqrt(a) * eps[i] - Math.sqrt(1 - a) * clean[i]);
        }

        float[] estimate = new DenoisedEstimate(config).originalSample(input, output, t);

        for (int i = 0; i < clean.length; i++) assertThat(estimate[i]).isCloseTo(clean[i], within(2e-3f));
    }
}
