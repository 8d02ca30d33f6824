package dev.atelier.tests.support;

import dev.atelier.app.embedded.EmbeddedPostgresServer;
import dev.atelier.app.embedded.EmbeddedRedisServer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * The real PostgreSQL and Redis the tests talk to: the servers named by {@code DATABASE_URL}
 * and {@code REDIS_URL} when set, otherwise embedded ones started once per test JVM. Each
 * caller gets a database of its own, so tests never see each other's jobs.
 */
public final class TestServers {

    private static EmbeddedPostgresServer postgres;
    private static EmbeddedRedisServer redis;
    private static String baseJdbcUrl;
    private static String redisUrl;

    private TestServers() {
    }

    private static synchronized void start() {
        if (baseJdbcUrl != null) return;
        String db = System.getenv("DATABASE_URL");
        String rd = System.getenv("REDIS_URL");
        Path root = Path.of(System.getProperty("atelier.test.data", "target/test-data"), "servers-" + UUID.randomUUID());
        try {
            Files.createDirectories(root);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        if (db == null || db.isBlank()) {
            postgres = EmbeddedPostgresServer.start(root.resolve("postgres"),
                    Path.of(System.getProperty("java.io.tmpdir"), "atelier-postgres-bin"), false);
            baseJdbcUrl = postgres.jdbcUrl();
        } else {
            baseJdbcUrl = db.startsWith("jdbc:") ? db : "jdbc:" + db.replaceFirst("^postgres://", "postgresql://");
        }
        if (rd == null || rd.isBlank()) {
            redis = EmbeddedRedisServer.start(root.resolve("redis"));
            redisUrl = redis.url();
        } else {
            redisUrl = rd;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (redis != null) redis.close();
            if (postgres != null) postgres.close();
        }));
    }

    /** A new, empty database on the test PostgreSQL server; returns its JDBC URL. */
    public static String freshDatabase() {
        start();
        String name = "atelier_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection c = DriverManager.getConnection(baseJdbcUrl); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create a test database on " + baseJdbcUrl, e);
        }
        return replaceDatabase(baseJdbcUrl, name);
    }

    /** The Redis for tests, at a database index of the caller's own (1..15) so streams do not mix. */
    public static String redis(int index) {
        start();
        String base = redisUrl.replaceFirst("/\\d+$", "");
        return base + "/" + index;
    }

    static String replaceDatabase(String jdbcUrl, String db) {
        int q = jdbcUrl.indexOf('?');
        String head = q < 0 ? jdbcUrl : jdbcUrl.substring(0, q);
        String tail = q < 0 ? "" : jdbcUrl.substring(q);
        int slash = head.indexOf('/', "jdbc:postgresql://".length());
        return (slash < 0 ? head : head.substring(0, slash)) + "/" + db + tail;
    }
}
