package dev.atelier.admin.session;

import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/**
 * Console sessions in Redis, shared by every Atelier process behind a load balancer. An id is
 * 256 random bits (URL-safe Base64 in the cookie); Redis holds the session under the id's
 * SHA-256, so reading Redis gives no usable cookie. A use pushes the idle expiry back (polls of
 * the live parts do not: {@link #touch(String, boolean)}), and no session outlives its maximum
 * age from sign-in. A session carries its account's session epoch, which the console filter
 * compares with the account's.
 */
public final class SessionStore {

    private static final String PREFIX = "atelier:admin:session:";
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final RedisCommands<String, String> redis;
    private final Duration idle;
    private final Duration maxAge;
    private final SecureRandom random = new SecureRandom();

    public SessionStore(StatefulRedisConnection<String, String> redis, Duration idle) {
        this(redis, idle, Duration.ofHours(12));
    }

    public SessionStore(StatefulRedisConnection<String, String> redis, Duration idle, Duration maxAge) {
        this.redis = redis.sync();
        this.idle = idle;
        this.maxAge = maxAge;
    }

    /** @param epoch the account's session epoch when the session began; {@code created} is epoch millis */
    public record Stored(String id, String name, String csrf, long epoch, long created) {
        public Stored(String id, String name, String csrf) {
            this(id, name, csrf, 0, System.currentTimeMillis());
        }
    }

    /** A brand-new session: a new id every sign-in, so an id planted before it is worth nothing. */
    public Stored create(String name) {
        return create(name, 0);
    }

    /** A brand-new session under the account's current session epoch. */
    public Stored create(String name, long epoch) {
        String id = token();
        String csrf = token();
        String key = key(id);
        long now = System.currentTimeMillis();
        redis.hset(key, Map.of("name", name, "csrf", csrf, "epoch", Long.toString(epoch), "created", Long.toString(now)));
        redis.pexpire(key, Math.min(idle.toMillis(), maxAge.toMillis()));
        return new Stored(id, name, csrf, epoch, now);
    }

    /** The live session with this id, its idle time restarted; empty when unknown or expired. */
    public Optional<Stored> touch(String id) {
        return touch(id, true);
    }

    /**
     * The live session with this id; empty when unknown, expired or past its maximum age (then
     * it is deleted). {@code extend}: restart its idle time (not for the polls of an open page,
     * which would otherwise keep a forgotten tab signed in for ever); never past the maximum age.
     */
    public Optional<Stored> touch(String id, boolean extend) {
        if (id == null || id.length() < 40 || id.length() > 64) return Optional.empty();
        String key = key(id);
        Map<String, String> fields = redis.hgetall(key);
        if (fields == null || fields.get("name") == null) return Optional.empty();
        long created = parse(fields.get("created"));
        long left = created + maxAge.toMillis() - System.currentTimeMillis();
        if (left <= 0) {
            redis.del(key);
            return Optional.empty();
        }
        if (extend) redis.pexpire(key, Math.min(idle.toMillis(), left));
        return Optional.of(new Stored(id, fields.get("name"), fields.get("csrf"), parse(fields.get("epoch")), created));
    }

    public void delete(String id) {
        if (id != null) redis.del(key(id));
    }

    /** 256 random bits. */
    public String token() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return B64.encodeToString(bytes);
    }

    public Duration idle() {
        return idle;
    }

    public Duration maxAge() {
        return maxAge;
    }

    private static long parse(String s) {
        try {
            return s == null ? 0 : Long.parseLong(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** The Redis key of a session id (its SHA-256): tests and tools read a session's fields with it. */
    public static String key(String id) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.US_ASCII));
            return PREFIX + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
