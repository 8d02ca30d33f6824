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
 * @param count    images per generation prompt (variations), seeds {@code seed}, {@code seed + 1}, …;
 *                 at least 1
 * @param model    the name of a pulled model (a folder under the models directory) the job runs
 *                 on, or {@code null} for the configured one its task calls for
 * @param scheduler the sampler's name ({@link SchedulerNames}), or {@code null} for the generator's
 *                 default (in Atelier: the model's own, from its {@code scheduler_config.json});
 *                 stored with the job, so a retry after a crash samples the same way
 */
@Serdeable
public record GenerationSettings(int width, int height, int steps, double guidance, long seed,
                                 String negativePrompt, double strength, @Nullable String style,
                                 int count, @Nullable String model, @Nullable String scheduler) {
    public GenerationSettings {
        negativePrompt = negativePrompt == null ? "" : negativePrompt;
        count = Math.max(1, count); // rows and JSON from before batches have none
    }

    /** Settings without a style, as every caller made them before styles existed. */
    public GenerationSettings(int width, int height, int steps, double guidance, long seed,
                              String negativePrompt, double strength) {
        this(width, height, steps, guidance, seed, negativePrompt, strength, null);
    }

    /** One image on the configured model, as every caller made them before batches and model choice. */
    public GenerationSettings(int width, int height, int steps, double guidance, long seed,
                              String negativePrompt, double strength, @Nullable String style) {
        this(width, height, steps, guidance, seed, negativePrompt, strength, style, 1, null);
    }

    /** On the generator's default scheduler, as every caller made them before the scheduler was a job's choice. */
    public GenerationSettings(int width, int height, int steps, double guidance, long seed, String negativePrompt,
                              double strength, @Nullable String style, int count, @Nullable String model) {
        this(width, height, steps, guidance, seed, negativePrompt, strength, style, count, model, null);
    }

    public GenerationSettings withSize(int w, int h) {
        return new GenerationSettings(w, h, steps, guidance, seed, negativePrompt, strength, style, count, model, scheduler);
    }

    public GenerationSettings withStrength(double s) {
        return new GenerationSettings(width, height, steps, guidance, seed, negativePrompt, s, style, count, model, scheduler);
    }

    public GenerationSettings withStyle(String name) {
        return new GenerationSettings(width, height, steps, guidance, seed, negativePrompt, strength, name, count, model, scheduler);
    }

    public GenerationSettings withCount(int n) {
        return new GenerationSettings(width, height, steps, guidance, seed, negativePrompt, strength, style, n, model, scheduler);
    }

    public GenerationSettings withModel(String name) {
        return new GenerationSettings(width, height, steps, guidance, seed, negativePrompt, strength, style, count, name, scheduler);
    }

    public GenerationSettings withScheduler(@Nullable String name) {
        return new GenerationSettings(width, height, steps, guidance, seed, negativePrompt, strength, style, count, model, name);
    }

    /** The same settings for one image of a batch: its own seed and negative prompt, a count of 1. */
    public GenerationSettings forImage(long imageSeed, String negative) {
        return new GenerationSettings(width, height, steps, guidance, imageSeed, negative, strength, style, 1, model, scheduler);
    }
}
