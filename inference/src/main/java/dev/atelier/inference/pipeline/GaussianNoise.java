package dev.atelier.inference.pipeline;

import java.util.Random;

/**
 * Seeded standard normal noise in plain Java. {@link Random}'s algorithm (a 48-bit LCG and the
 * polar method, on {@code StrictMath}) is fixed by its specification, so a seed gives the same
 * latents on every JVM and machine; torch's generator would give other numbers, so a seed here
 * does not reproduce a diffusers image, only an Atelier one.
 */
final class GaussianNoise {

    private GaussianNoise() {
    }

    static float[] sample(long seed, int count) {
        Random random = new Random(seed);
        float[] out = new float[count];
        for (int i = 0; i < count; i++) out[i] = (float) random.nextGaussian();
        return out;
    }
}
