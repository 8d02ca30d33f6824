package dev.atelier.tests.support;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A whole Atelier (HTTP server, worker, stores, model) started in the test JVM as
 * {@code ./atelier run} starts it, on a random port.
 */
public final class RunningAtelier implements AutoCloseable {

    /**
     * Redis database indexes 1..13 (14 and 15 are the stream and event tests'), each lent to the
     * Ateliers using it at the time: two Ateliers with databases of their own must not share a
     * job stream, or one's worker takes (and acknowledges) the other's entries.
     */
    private static final int REDIS_DATABASES = 13;
    private static final int[] REDIS_USERS = new int[REDIS_DATABASES + 1];
    private static final boolean[] REDIS_RESERVED = new boolean[REDIS_DATABASES + 1];
    private static RunningAtelier shared;

    private final EmbeddedServer server;
    private final Api api;
    private final int redisIndex;
    private volatile boolean redisReleased;

    /** Starts it; a start that fails is closed at once, so nothing of it runs on in the background. */
    private RunningAtelier(Map<String, Object> properties, int redisIndex) {
        Map<String, Object> p = new HashMap<>(properties);
        p.putIfAbsent("micronaut.server.port", -1); // a free port: several Ateliers run side by side
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
            releaseRedis(redisIndex);
            throw e;
        }
        api = new Api(server.getURI());
        this.redisIndex = redisIndex;
    }

    private RunningAtelier(Map<String, Object> properties) {
        this(properties, 0);
    }

    /** A Redis database no running Atelier uses, lent until {@link #releaseRedis}; waits for one when all are lent. */
    private static synchronized int acquireRedis() {
        long end = System.currentTimeMillis() + 120_000;
        while (true) {
            for (int i = 1; i <= REDIS_DATABASES; i++) {
                if (REDIS_USERS[i] == 0 && !REDIS_RESERVED[i]) {
                    REDIS_USERS[i] = 1;
                    return i;
                }
            }
            long left = end - System.currentTimeMillis();
            if (left <= 0) throw new IllegalStateException("every test Redis database is in use by a running Atelier");
            try {
                RunningAtelier.class.wait(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private static synchronized void releaseRedis(int index) {
        if (index <= 0) return;
        if (REDIS_USERS[index] > 0) REDIS_USERS[index]--;
        RunningAtelier.class.notifyAll();
    }

    /** One more Atelier on the database of {@code redisUrl}; the first takes over {@link #freshRedis}'s reservation. */
    private static synchronized int useRedis(String redisUrl) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("/(\\d+)$").matcher(redisUrl);
        if (!m.find()) return 0;
        int index = Integer.parseInt(m.group(1));
        if (index < 1 || index > REDIS_DATABASES) return 0;
        if (REDIS_RESERVED[index]) {
            REDIS_RESERVED[index] = false;
        } else {
            REDIS_USERS[index]++;
        }
        return index;
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
        int redis = acquireRedis();
        p.put("atelier.redis-url", TestServers.redis(redis));
        p.put("atelier.data", dataDir.toString());
        p.put("atelier.model-dir", TinyModel.dir().toString());
        return new RunningAtelier(p, redis);
    }

    /** An Atelier on a database and Redis given by the caller (two processes sharing them: a bot and a worker). */
    public static RunningAtelier on(String databaseUrl, String redisUrl, Map<String, Object> extra) {
        Map<String, Object> p = new HashMap<>(extra);
        p.put("atelier.database-url", databaseUrl);
        p.put("atelier.redis-url", redisUrl);
        p.putIfAbsent("atelier.data", newDataDir().toString());
        p.put("atelier.model-dir", TinyModel.dir().toString());
        return new RunningAtelier(p, useRedis(redisUrl));
    }

    /**
     * A Redis database of its own on the test Redis, for Ateliers started with {@link #on}: kept
     * for them until the last of them closes.
     */
    public static String freshRedis() {
        int index = acquireRedis();
        synchronized (RunningAtelier.class) {
            REDIS_USERS[index] = 0;
            REDIS_RESERVED[index] = true;
        }
        return TestServers.redis(index);
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
            // Once, though a test may close twice (its own close and the JVM's shutdown hook).
            if (!redisReleased) {
                redisReleased = true;
                releaseRedis(redisIndex);
            }
        }
    }
}
