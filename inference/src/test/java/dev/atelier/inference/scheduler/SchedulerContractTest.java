package dev.atelier.inference.scheduler;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The contract every scheduler keeps, run against each {@link SchedulerKind}. */
class SchedulerContractTest {

    private static final SchedulerConfig SD15 = SchedulerConfig.STABLE_DIFFUSION_1_5;

    @ParameterizedTest
    @EnumSource(SchedulerKind.class)
    @DisplayName("setTimesteps gives that many decreasing timesteps inside the training range, in every spacing")
    void timestepsAreDecreasingAndInRange(SchedulerKind kind) {
        for (String spacing : new String[]{"leading", "trailing", "linspace", SchedulerConfig.SCHEDULER_DEFAULT}) {
            for (int steps : new int[]{1, 7, 20, 50}) {
                Scheduler s = kind.create(SD15.withTimestepSpacing(spacing));
                s.setTimesteps(steps);
                int[] t = s.timesteps();
                assertThat(t).hasSize(steps);
                for (int i = 0; i < t.length; i++) {
                    assertThat(t[i]).isBetween(0, 999);
                    // Karras sigmas rounded to integer timesteps may repeat one near t = 0 (diffusers
                    // keeps the repeat too); every other scheduler strictly decreases.
                    if (i > 0) assertThat(t[i]).isLessThanOrEqualTo(t[i - 1]);
                    if (i > 0 && t[i - 1] > 5) assertThat(t[i]).isLessThan(t[i - 1]);
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(SchedulerKind.class)
    void theSameSeedGivesTheSameLoopAndStochasticOnesChangeWithTheSeed(SchedulerKind kind) {
        Float[] first = fullLoop(kind.create(SD15, 7));
        assertThat(fullLoop(kind.create(SD15, 7))).containsExactly(first);
        if (kind.stochastic()) {
            assertThat(fullLoop(kind.create(SD15, 8))).isNotEqualTo(first);
        } else {
            assertThat(fullLoop(kind.create(SD15, 8))).containsExactly(first);
        }
    }

    @ParameterizedTest
    @EnumSource(SchedulerKind.class)
    void stepKeepsTheShapeAndDoesNotTouchItsInputs(SchedulerKind kind) {
        Scheduler s = kind.create(SD15);
        s.setTimesteps(10);
        float[] sample = noise(4 * 8 * 8, 1);
        float[] output = noise(4 * 8 * 8, 2);
        float[] sampleCopy = sample.clone();
        float[] outputCopy = output.clone();
        int t = s.timesteps()[0];
        float[] scaled = s.scaleModelInput(sample, t);
        float[] prev = s.step(output, t, sample);
        assertThat(scaled).hasSize(sample.length);
        assertThat(prev).hasSize(sample.length);
        assertThat(sample).containsExactly(sampleCopy);
        assertThat(output).containsExactly(outputCopy);
        for (float v : prev) assertThat(Float.isFinite(v)).isTrue();
    }

    @ParameterizedTest
    @EnumSource(SchedulerKind.class)
    void aFreshSchedulerGivesTheSameLoopTwice(SchedulerKind kind) {
        assertThat(fullLoop(kind.create(SD15))).containsExactly(fullLoop(kind.create(SD15)));
    }

    @ParameterizedTest
    @EnumSource(SchedulerKind.class)
    void initNoiseSigmaIsAtLeastOne(SchedulerKind kind) {
        Scheduler s = kind.create(SD15);
        s.setTimesteps(20);
        assertThat(s.initNoiseSigma()).isGreaterThanOrEqualTo(1f);
    }

    @ParameterizedTest
    @EnumSource(SchedulerKind.class)
    void addNoiseAtALaterTimestepAddsMoreNoise(SchedulerKind kind) {
        Scheduler s = kind.create(SD15);
        s.setTimesteps(20);
        float[] clean = new float[64];
        float[] noise = noise(64, 3);
        double early = distance(s.addNoise(clean, noise, 101), clean);
        double late = distance(s.addNoise(clean, noise, 901), clean);
        assertThat(late).isGreaterThan(early);
    }

    @ParameterizedTest
    @EnumSource(SchedulerKind.class)
    void steppingBeforeSetTimestepsIsRefused(SchedulerKind kind) {
        Scheduler s = kind.create(SD15);
        assertThatThrownBy(() -> s.step(new float[4], 951, new float[4]))
                .isInstanceOf(RuntimeException.class);
    }

    @ParameterizedTest
    @EnumSource(SchedulerKind.class)
    void vPredictionConfigsAreAccepted(SchedulerKind kind) {
        Scheduler s = kind.create(SD15.withPredictionType("v_prediction"));
        s.setTimesteps(5);
        assertThat(fullLoop(s)).allMatch(Float::isFinite);
    }

    private static Float[] fullLoop(Scheduler s) {
        s.setTimesteps(20);
        float[] x = noise(16, 42);
        for (int i = 0; i < x.length; i++) x[i] *= s.initNoiseSigma();
        for (int t : s.timesteps()) {
            float[] in = s.scaleModelInput(x, t);
            float[] eps = new float[in.length];
            for (int i = 0; i < eps.length; i++) eps[i] = 0.5f * in[i];
            x = s.step(eps, t, x);
        }
        Float[] boxed = new Float[x.length];
        for (int i = 0; i < x.length; i++) boxed[i] = x[i];
        return boxed;
    }

    static float[] noise(int n, long seed) {
        Random r = new Random(seed);
        float[] out = new float[n];
        for (int i = 0; i < n; i++) out[i] = (float) r.nextGaussian();
        return out;
    }

    private static double distance(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) sum += (a[i] - b[i]) * (double) (a[i] - b[i]);
        return Math.sqrt(sum);
    }

    @SuppressWarnings("unused")
    private static String show(float[] a) {
        return Arrays.toString(a);
    }
}
