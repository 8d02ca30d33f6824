package dev.atelier.app.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import jakarta.validation.constraints.Min;

/**
 * The default rules every user works under ({@code atelier.limits.*}; e.g.
 * {@code ATELIER_LIMITS_PER_MINUTE}). Per-user overrides live in PostgreSQL; zero turns a limit off.
 *
 * @param perMinute     messages per user per minute, on average
 * @param burst         messages per user at once before the per-minute pace applies
 * @param chatPerMinute messages per chat per minute, all its users together
 * @param chatBurst     messages per chat at once
 * @param imagesPerDay  images per user per day (UTC)
 * @param gpuSecondsPerDay seconds of generation (pipeline wall time) per user per day (UTC)
 */
@ConfigurationProperties("atelier.limits")
public record LimitsConfig(@Min(0) int perMinute, @Min(0) int burst, @Min(0) int chatPerMinute,
                           @Min(0) int chatBurst, @Min(0) int imagesPerDay, @Min(0) int gpuSecondsPerDay) {
}
