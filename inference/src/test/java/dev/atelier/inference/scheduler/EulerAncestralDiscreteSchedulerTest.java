package dev.atelier.inference.scheduler;

import org.junit.jupiter.api.Test;

import static dev.atelier.inference.scheduler.PublishedSchedule.sigma;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Euler a against k-diffusion's ancestral step: from sigma to sigma_next it moves by Euler to
 * sigma_down = sqrt(sigma_next^2 - sigma_up^2) and adds noise of sigma_up =
 * sqrt(sigma_next^2 (sigma^2 - sigma_next^2) / sigma^2).
 */
class EulerAncestralDiscreteSchedulerTest {

    private static final SchedulerConfig SD15 = SchedulerConfig.STABLE_DIFFUSION_1_5;

    @Test
    void theDeterministicPartOfAStepGoesDownToSigmaDown() {
        // Two schedulers with the same seed add the same noise, so their difference is only the
        // Euler part: eps = x gives x0 = x - sigma x and derivative x; eps = 0 gives derivative 0.
        Scheduler a = SchedulerKind.EULER_ANCESTRAL.create(SD15, 5);
        Scheduler b = SchedulerKind.EULER_ANCESTRAL.create(SD15, 5);
        a.setTimesteps(20);
        b.setTimesteps(20);
        int[] t = a.timesteps();
        float[] x = {1f, 2f};
        float[] fromIdentity = a.step(x.clone(), t[0], x);
        float[] fromZero = b.step(new float[2], t[0], x);
        double s = sigma(t[0]);
        double next = sigma(t[1]);
        double up = Math.sqrt(next * next * (s * s - next * next) / (s * s));
        double down = Math.sqrt(next * next - up * up);
        assertThat((double) (fromIdentity[1] - fromZero[1])).isCloseTo(2 * (down - s), within(1e-4));
    }

    @Test
    void theAddedNoiseHasStandardDeviationSigmaUp() {
        int n = 200_000;
        Scheduler s = SchedulerKind.EULER_ANCESTRAL.create(SD15, 11);
        s.setTimesteps(20);
        int[] t = s.timesteps();
        // A zero latent with zero noise prediction stays at zero but for the added noise.
        float[] out = s.step(new float[n], t[3], new float[n]);
        double squares = 0;
        for (float v : out) squares += v * (double) v;
        double from = sigma(t[3]);
        double to = sigma(t[4]);
        double up = Math.sqrt(to * to * (from * from - to * to) / (from * from));
        assertThat(Math.sqrt(squares / n)).isCloseTo(up, within(0.01 * up));
    }

    @Test
    void theLastStepAddsNoNoise() {
        Scheduler s = SchedulerKind.EULER_ANCESTRAL.create(SD15, 3);
        s.setTimesteps(1);
        float[] x = {0.5f, -0.5f};
        // eps = 0: x0 = x, so the step to sigma 0 returns x exactly, with no noise (sigma_up = 0).
        assertThat(s.step(new float[2], s.timesteps()[0], x)).containsExactly(0.5f, -0.5f);
    }
}
