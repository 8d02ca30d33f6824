package dev.atelier.core.image;

import io.micronaut.core.annotation.Nullable;
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
 * @param style    the {@link StylePreset} name, or {@code null} for none; the name is stored rather
 *                 than its words so the job shows what the user chose, and the worker adds the
 *                 words when it runs the job
 */
@Serdeable
public record GenerationSettings(int width, int height, int steps, double guidance, long seed,
                                 String negativePrompt, double strength, @Nullable String style) {
    public GenerationSettings {
        negativePrompt = negativePrompt == null ? "" : negativePrompt;
    }

    /** Settings without a style, as every caller made them before styles existed. */
    public GenerationSettings(int width, int height, int steps, double guidance, long seed,
                              String negativePrompt, double strength) {
        this(width, height, steps, guidance, seed, negativePrompt, strength, null);
    }

    public GenerationSettings withSize(int w, int h) {
        return new GenerationSettings(w, h, steps, guidance, seed, negativePrompt, strength, style);
    }

    public GenerationSettings withStrength(double s) {
        return new GenerationSettings(width, height, steps, guidance, seed, negativePrompt, s, style);
    }

    public GenerationSettings withStyle(String name) {
        return new GenerationSettings(width, height, steps, guidance, seed, negativePrompt, strength, name);
    }
}
