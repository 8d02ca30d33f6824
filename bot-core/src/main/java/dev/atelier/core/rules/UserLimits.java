package dev.atelier.core.rules;

import java.util.Optional;
import java.util.UUID;

/**
 * Port: per-user overrides of the default limits. Each change writes an audit entry
 * ({@code limit.set}, {@code quota.set}, {@code gpu_quota.set}, {@code limits.clear}) with the actor.
 */
public interface UserLimits {

    Optional<LimitOverride> find(UUID userId);

    /** Sets the user's rate limit; a null value goes back to the default. */
    void setRateLimit(String actor, UUID userId, Integer perMinute, Integer burst);

    /** Sets the user's daily image quota (0 = no limit); null goes back to the default. */
    void setDailyImages(String actor, UUID userId, Integer imagesPerDay);

    /** Sets the user's daily GPU seconds (0 = no limit); null goes back to the default. */
    void setDailyGpuSeconds(String actor, UUID userId, Integer gpuSecondsPerDay);

    /** Drops every override of the user. */
    void clear(String actor, UUID userId);

    record LimitOverride(UUID userId, Integer perMinute, Integer burst, Integer imagesPerDay,
                         Integer gpuSecondsPerDay) {

        /** Without a GPU-time override. */
        public LimitOverride(UUID userId, Integer perMinute, Integer burst, Integer imagesPerDay) {
            this(userId, perMinute, burst, imagesPerDay, null);
        }
    }
}
