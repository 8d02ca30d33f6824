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
 * SHA-256, so reading Redis gives no usable cookie. Each use pushes the idle expiry back.
 */
public final class SessionStore {

    private static final String PREFIX = "atelier:admin:session:";
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final RedisCommands<String, String> redis;
    private final Duration idle;
    private final SecureRandom random = new SecureRandom();

    public SessionStore(StatefulRedisConnection<String, String> redis, Duration idle) {
        this.redis = redis.sync();
        this.idle = idle;
    }

    public record Stored(String id, String name, String csrf) {
    }

    /** A brand-new session: a new id every sign-in, so an id planted before it is worth nothing. */
    public Stored create(String name) {
        String id = token();
        String csrf = token();
        String key = key(id);
        redis.hset(key, Map.of("name", name, "csrf", csrf, "created", Long.toString(System.currentTimeMillis())));
        redis.pexpire(key, idle.toMillis());
        return new Stored(id, name, csrf);
    }

    /** The live session with this id, its idle time restarted; empty when unknown or expired. */
    public Optional<Stored> touch(String id) {
        if (id == null || id.length() < 40 || id.length() > 64) return Optional.empty();
        String key = key(id);
        Map<String, String> fields = redis.hgetall(key);
        if (fields == null || fields.get("name") == null) return Optional.empty();
        redis.pexpire(key, idle.toMillis());
        return Optional.of(new Stored(id, fields.get("name"), fields.get("csrf")));
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

    private static String key(String id) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.US_ASCII));
            return PREFIX + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
