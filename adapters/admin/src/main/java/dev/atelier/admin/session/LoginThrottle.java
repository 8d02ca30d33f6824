package dev.atelier.admin.session;

import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Sign-in attempts per client address and account name per minute, counted in Redis (INCR on a
 * key that lives one minute). Keyed on both, so one client (or everyone behind one proxy address)
 * running into it blocks only its own tries at that name, not everyone's sign-ins; guessing one
 * account's password is also stopped by the account lockout. An address also has a ceiling over
 * all names ({@code ATELIER_ADMIN_LOGIN_ATTEMPTS_PER_ADDRESS}, 300 a minute), so one client
 * cannot spray guesses across many names.
 */
public final class LoginThrottle {

    private final RedisCommands<String, String> redis;
    private final int perMinute;
    private final int perAddress;

    public LoginThrottle(StatefulRedisConnection<String, String> redis, int perMinute) {
        this(redis, perMinute, 10 * perMinute);
    }

    public LoginThrottle(StatefulRedisConnection<String, String> redis, int perMinute, int perAddress) {
        this.redis = redis.sync();
        this.perMinute = perMinute;
        this.perAddress = perAddress;
    }

    /** Counts an attempt from this address, whatever the name; false when it has used up its minute. */
    public boolean tryAttempt(String address) {
        return count("atelier:admin:login:" + address + ":" + (System.currentTimeMillis() / 60_000), perMinute);
    }

    /** Counts an attempt from this address at this account name; false when they have used up their minute. */
    public boolean tryAttempt(String address, String name) {
        long minute = System.currentTimeMillis() / 60_000;
        boolean atName = count("atelier:admin:login:" + address + ":" + digest(name) + ":" + minute, perMinute);
        boolean atAll = count("atelier:admin:login-all:" + address + ":" + minute, perAddress);
        return atName && atAll;
    }

    private boolean count(String key, int limit) {
        long n = redis.incr(key);
        if (n == 1) redis.expire(key, 120);
        return n <= limit;
    }

    /** Any name, however long, makes a short key. */
    private static String digest(String name) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
