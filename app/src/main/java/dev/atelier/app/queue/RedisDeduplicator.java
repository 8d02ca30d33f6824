package dev.atelier.app.queue;

import dev.atelier.core.dedup.Deduplicator;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/**
 * Remembers accepted platform messages for a day (longer than any platform retries a
 * delivery) with SET NX, so the first delivery wins and later ones learn its job.
 */
public final class RedisDeduplicator implements Deduplicator {

    private static final Duration REMEMBER = Duration.ofHours(24);

    private final StatefulRedisConnection<String, String> redis;

    public RedisDeduplicator(StatefulRedisConnection<String, String> redis) {
        this.redis = redis;
    }

    @Override
    public Optional<UUID> claim(String platform, String messageId, UUID jobId) {
        String key = key(platform, messageId);
        String ok = redis.sync().set(key, jobId.toString(), SetArgs.Builder.nx().ex(REMEMBER));
        if ("OK".equals(ok)) return Optional.empty();
        String earlier = redis.sync().get(key);
        return earlier == null ? Optional.empty() : Optional.of(UUID.fromString(earlier));
    }

    @Override
    public void release(String platform, String messageId) {
        redis.sync().del(key(platform, messageId));
    }

    private static String key(String platform, String messageId) {
        return "atelier:seen:" + platform + ":" + messageId;
    }
}
