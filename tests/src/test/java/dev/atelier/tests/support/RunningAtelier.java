package dev.atelier.tests.support;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A whole Atelier (HTTP server, worker, stores, model) started in the test JVM as
 * {@code ./atelier run} starts it, on a random port.
 */
public final class RunningAtelier implements AutoCloseable {

    private static final AtomicInteger REDIS_DB = new AtomicInteger();
    private static RunningAtelier shared;

    private final EmbeddedServer server;
    private final Api api;

    private RunningAtelier(Map<String, Object> properties) {
        Map<String, Object> p = new HashMap<>(properties);
        p.putIfAbsent("micronaut.server.port", -1); // a free port: several Ateliers run side by side
        server = ApplicationContext.run(EmbeddedServer.class, p, "test");
        api = new Api(server.getURI());
    }

    /** One instance for the tests that only need a running Atelier, on the shared test servers. */
    public static synchronized RunningAtelier shared() {
        if (shared == null) {
            // Small uploads in tests so the size limit is reachable with small files.
            shared = onTestServers(Map.of("atelier.generation.max-upload-bytes", 300_000,
                    "atelier.generation.max-upload-pixels", 1_000_000));
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
        }
        return shared;
    }

    /** An Atelier of its own (database, Redis database, data directory) on the shared test servers. */
    public static RunningAtelier onTestServers(Map<String, Object> extra) {
        Map<String, Object> p = new HashMap<>(extra);
        p.put("atelier.database-url", TestServers.freshDatabase());
        p.put("atelier.redis-url", TestServers.redis(1 + REDIS_DB.getAndIncrement() % 15));
        p.put("atelier.data", newDataDir().toString());
        p.put("atelier.model-dir", TinyModel.dir().toString());
        return new RunningAtelier(p);
    }

    /** An Atelier on a database and Redis given by the caller (two processes sharing them: a bot and a worker). */
    public static RunningAtelier on(String databaseUrl, String redisUrl, Map<String, Object> extra) {
        Map<String, Object> p = new HashMap<>(extra);
        p.put("atelier.database-url", databaseUrl);
        p.put("atelier.redis-url", redisUrl);
        p.putIfAbsent("atelier.data", newDataDir().toString());
        p.put("atelier.model-dir", TinyModel.dir().toString());
        return new RunningAtelier(p);
    }

    /** A Redis database index of its own on the test Redis (1..15, shared round-robin). */
    public static String freshRedis() {
        return TestServers.redis(1 + REDIS_DB.getAndIncrement() % 15);
    }

    /**
     * An Atelier in the default mode: embedded PostgreSQL and Redis of its own, everything
     * under {@code dataDir}, as a user's first {@code ./atelier run}.
     */
    public static RunningAtelier embedded(Path dataDir, Map<String, Object> extra) {
        Map<String, Object> p = new HashMap<>(extra);
        p.put("atelier.data", dataDir.toString());
        p.put("atelier.database-url", "");
        p.put("atelier.redis-url", "");
        p.putIfAbsent("atelier.model-dir", TinyModel.dir().toString());
        return new RunningAtelier(p);
    }

    public static Path newDataDir() {
        try {
            Path base = Path.of(System.getProperty("atelier.test.data", "target/test-data")).toAbsolutePath();
            Files.createDirectories(base);
            return Files.createDirectory(base.resolve("atelier-" + UUID.randomUUID()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public Api api() {
        return api;
    }

    public ApplicationContext context() {
        return server.getApplicationContext();
    }

    @Override
    public void close() {
        if (server.isRunning()) server.stop();
        server.getApplicationContext().close();
    }
}
