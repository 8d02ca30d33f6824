package dev.atelier.tests.support;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * A whole Atelier (HTTP server, worker, stores, model) started in the test JVM as
 * {@code ./atelier run} starts it, on a random port.
 */
public final class RunningAtelier implements AutoCloseable {

    /**
     * Redis databases 1..13 of the shared test server for Ateliers (14 and 15 are the job tests'
     * own): one per running Atelier. Two running Ateliers on one database would share its job
     * stream, and one would take (and drop) the other's jobs.
     */
    private static final int REDIS_DATABASES = 13;
    private static final Set<Integer> REDIS_IN_USE = new HashSet<>();
    private static RunningAtelier shared;

    private final EmbeddedServer server;
    private final Api api;
    private final int redisDb;

    private RunningAtelier(Map<String, Object> properties) {
        this(properties, 0);
    }

    /** Starts it; a start that fails is closed at once, so nothing of it runs on in the background. */
    private RunningAtelier(Map<String, Object> properties, int redisDb) {
        Map<String, Object> p = new HashMap<>(properties);
        p.putIfAbsent("micronaut.server.port", -1); // a free port: several Ateliers run side by side
        this.redisDb = redisDb;
        ApplicationContext context = ApplicationContext.builder().properties(p).environments("test").build();
        try {
            context.start();
            EmbeddedServer s = context.getBean(EmbeddedServer.class);
            if (!s.isRunning()) s.start();
            server = s;
        } catch (RuntimeException e) {
            try {
                if (context.isRunning()) context.close();
            } catch (RuntimeException closing) {
                e.addSuppressed(closing);
            }
            releaseRedis(redisDb);
            throw e;
        }
        api = new Api(server.getURI());
    }

    private static synchronized int takeRedis() {
        for (int db = 1; db <= REDIS_DATABASES; db++) {
            if (REDIS_IN_USE.add(db)) return db;
        }
        throw new IllegalStateException("all " + REDIS_DATABASES + " test Redis databases are in use by running"
                + " Ateliers: close the ones a test class is done with");
    }

    private static synchronized void releaseRedis(int db) {
        REDIS_IN_USE.remove(db);
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
        return onTestServers(extra, newDataDir());
    }

    /** The same, on a data directory the test prepared (models installed in it, say). */
    public static RunningAtelier onTestServers(Map<String, Object> extra, Path dataDir) {
        Map<String, Object> p = new HashMap<>(extra);
        p.put("atelier.database-url", TestServers.freshDatabase());
        int db = takeRedis();
        p.put("atelier.redis-url", TestServers.redis(db));
        p.put("atelier.data", dataDir.toString());
        p.put("atelier.model-dir", TinyModel.dir().toString());
        return new RunningAtelier(p, db);
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
        try {
            if (server.isRunning()) server.stop();
            if (server.getApplicationContext().isRunning()) server.getApplicationContext().close();
        } finally {
            if (redisDb > 0) releaseRedis(redisDb);
        }
    }
}
