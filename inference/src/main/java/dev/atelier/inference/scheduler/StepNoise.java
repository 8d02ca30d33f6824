package dev.atelier.inference.scheduler;

import java.util.Random;

/**
 * The fresh Gaussian noise that ancestral and consistency samplers add at each step, drawn from
 * the job's seed so that the same seed gives the same image.
 *
 * <p>{@link Random} is used for the same reason as the pipeline's initial noise: its algorithm is
 * fixed by its specification, so a seed gives the same numbers on every JVM. The seed is mixed
 * with a constant so this stream never replays the numbers of the initial latents, which the
 * pipeline draws from the bare seed; replaying them would add noise correlated with the start.
 */
final class StepNoise {

    /** Keeps the step noise apart from the initial latents' stream of the same seed. */
    private static final long STEP_STREAM = 0x9E3779B97F4A7C15L;

    private Random random;

    private StepNoise(Random random) {
        this.random = random;
    }

    /** Noise from the job's seed. */
    static StepNoise seeded(long seed) {
        return new StepNoise(new Random(seed ^ STEP_STREAM));
    }

    /**
     * Noise seeded by the first latents the run steps on. Those latents were drawn from the
     * job's seed, so a caller that has no seed to give (a pipeline built before
     * {@link SchedulerKind#create(SchedulerConfig, long)}) still gets one image per seed.
     */
    static StepNoise fromFirstSample() {
        return new StepNoise(null);
    }

    /** {@code count} standard normal values; {@code sample} seeds the stream on first use when no seed was given. */
    float[] next(int count, float[] sample) {
        if (random == null) random = new Random(fingerprint(sample) ^ STEP_STREAM);
        float[] out = new float[count];
        for (int i = 0; i < count; i++) out[i] = (float) random.nextGaussian();
        return out;
    }

    /** 64-bit FNV-1a over the float bits: every value of the latents counts. */
    private static long fingerprint(float[] sample) {
        long h = 0xcbf29ce484222325L;
        for (float v : sample) {
            h ^= Float.floatToIntBits(v);
            h *= 0x100000001b3L;
        }
        return h;
    }
}
