package dev.atelier.app.store;

import dev.atelier.core.rules.RateLimiter;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.api.StatefulRedisConnection;

import java.time.Duration;
import java.util.Optional;

/**
 * Token buckets in Redis through Bucket4j's Lettuce integration: each bucket is one Redis key,
 * updated by compare-and-swap Lua scripts, so every Atelier process shares the same buckets. A
 * bucket expires once it would be full again, so idle users cost no memory.
 */
public final class RedisRateLimiter implements RateLimiter, AutoCloseable {

    private static final String PREFIX = "atelier:rate:";

    private final StatefulRedisConnection<String, byte[]> redis;
    private final ProxyManager<String> buckets;

    /** {@code redis}: a connection of the limiter's own, with byte-array values (what Bucket4j stores); closed with it. */
    public RedisRateLimiter(StatefulRedisConnection<String, byte[]> redis) {
        this.redis = redis;
        this.buckets = Bucket4jLettuce.casBasedBuilder(redis)
                .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofSeconds(10)))
                .build();
    }

    @Override
    public Optional<Duration> tryTake(String bucket, int perMinute, int burst) {
        BucketConfiguration shape = BucketConfiguration.builder()
                .addLimit(limit -> limit.capacity(burst).refillGreedy(perMinute, Duration.ofMinutes(1)))
                .build();
        ConsumptionProbe probe = buckets.builder().build(PREFIX + bucket, () -> shape).tryConsumeAndReturnRemaining(1);
        return probe.isConsumed() ? Optional.empty() : Optional.of(Duration.ofNanos(probe.getNanosToWaitForRefill()));
    }

    @Override
    public void close() {
        redis.close();
    }
}
