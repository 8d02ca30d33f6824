package dev.atelier.core.rules;

/**
 * The limits one user works under: the configured defaults ({@code atelier.limits.*}) with
 * their own overrides applied. Zero means "no limit" everywhere.
 *
 * @param perMinute     messages a user may send per minute, on average
 * @param burst         messages a user may send at once before the per-minute pace applies
 * @param chatPerMinute messages per minute in one chat, all its users together
 * @param chatBurst     messages at once in one chat
 * @param imagesPerDay  images a user may have made per day (UTC)
 * @param gpuSecondsPerDay seconds of generation (the pipelines' wall time, measured by the worker)
 *                      a user's jobs may have used per day (UTC)
 */
public record Limits(int perMinute, int burst, int chatPerMinute, int chatBurst, int imagesPerDay,
                     int gpuSecondsPerDay) {

    public Limits {
        if (perMinute < 0 || burst < 0 || chatPerMinute < 0 || chatBurst < 0 || imagesPerDay < 0
                || gpuSecondsPerDay < 0) {
            throw new IllegalArgumentException("limits are zero (none) or positive");
        }
    }

    /** Without a GPU-time quota. */
    public Limits(int perMinute, int burst, int chatPerMinute, int chatBurst, int imagesPerDay) {
        this(perMinute, burst, chatPerMinute, chatBurst, imagesPerDay, 0);
    }

    /** These limits with a user's overrides on top; a null field of the override keeps the default. */
    public Limits with(UserLimits.LimitOverride o) {
        if (o == null) return this;
        return new Limits(o.perMinute() == null ? perMinute : o.perMinute(), o.burst() == null ? burst : o.burst(),
                chatPerMinute, chatBurst, o.imagesPerDay() == null ? imagesPerDay : o.imagesPerDay(),
                o.gpuSecondsPerDay() == null ? gpuSecondsPerDay : o.gpuSecondsPerDay());
    }
}
