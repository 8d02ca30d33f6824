package dev.atelier.core.image;

import io.micronaut.serde.annotation.Serdeable;

/**
 * The knobs of one image job, all resolved (no nulls): what the user asked for, or the
 * configured defaults. Stored with the turn so a conversation shows what made each image.
 *
 * @param width    pixels, a multiple of 8
 * @param height   pixels, a multiple of 8
 * @param steps    denoising steps
 * @param guidance classifier-free guidance scale (1 means no guidance)
 * @param seed     RNG seed; the same seed and settings give the same image
 * @param negativePrompt what to steer away from; empty for none
 * @param strength for image-to-image tasks, how far from the source (0 keeps it, 1 ignores it)
 */
@Serdeable
public record GenerationSettings(int width, int height, int steps, double guidance, long seed,
                                 String negativePrompt, double strength) {
    public GenerationSettings {
        negativePrompt = negativePrompt == null ? "" : negativePrompt;
    }

    public GenerationSettings withSize(int w, int h) {
        return new GenerationSettings(w, h, steps, guidance, seed, negativePrompt, strength);
    }

    public GenerationSettings withStrength(double s) {
        return new GenerationSettings(width, height, steps, guidance, seed, negativePrompt, s);
    }
}
