package dev.atelier.admin.session;

import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;

/**
 * Sign-in attempts per client address per minute, counted in Redis (INCR on a key that lives
 * one minute): guessing across many account names from one address is slowed down as well as
 * guessing one account's password, which the account lockout stops.
 */
public final class LoginThrottle {

    private final RedisCommands<String, String> redis;
    private final int perMinute;

    public LoginThrottle(StatefulRedisConnection<String, String> redis, int perMinute) {
        this.redis = redis.sync();
        this.perMinute = perMinute;
    }

    /** Counts an attempt; false when the address has used up its minute. */
    public boolean tryAttempt(String address) {
        String key = "atelier:admin:login:" + address + ":" + (System.currentTimeMillis() / 60_000);
        long n = redis.incr(key);
        if (n == 1) redis.expire(key, 120);
        return n <= perMinute;
    }
}
