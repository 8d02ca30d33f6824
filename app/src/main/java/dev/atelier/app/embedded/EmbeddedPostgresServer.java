package dev.atelier.app.embedded;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A real PostgreSQL server (zonky's binaries from Maven Central) whose data lives under the
 * data directory, so a restart keeps every conversation. Started when no {@code DATABASE_URL}
 * is configured; tests start the same server.
 *
 * <p>PostgreSQL refuses to run as root; when Atelier runs as root (containers, CI), zonky
 * starts it in a user namespace ({@code unshare -U}) where it is not root.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgresServer.class);

    private final EmbeddedPostgres postgres;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    /**
     * Starts PostgreSQL on a free loopback port with its cluster in {@code dataDir} (created,
     * or reused when it holds a cluster already) and its binaries unpacked under {@code binDir}.
     */
    public static EmbeddedPostgresServer start(Path dataDir, Path binDir) {
        return start(dataDir, binDir, true);
    }

    /**
     * @param durable fsync and synchronous commits on; only a throwaway test cluster turns them off
     */
    public static EmbeddedPostgresServer start(Path dataDir, Path binDir, boolean durable) {
        try {
            Files.createDirectories(binDir);
            stopOrphan(dataDir);
            byte[] archive = readArchive();
            long started = System.nanoTime();
            EmbeddedPostgres pg = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(false)
                    .setOverrideWorkingDirectory(binDir.toFile())
                    .setPgBinaryResolver((system, hardware) -> new ByteArrayInputStream(archive))
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("max_connections", "100")
                    // zonky starts the server with -F (fsync off) for tests; this is the store of
                    // record, so turn durability back on (a later -c wins over -F).
                    .setServerConfig("fsync", durable ? "on" : "off")
                    .setServerConfig("synchronous_commit", durable ? "on" : "off")
                    .setRegisterShutdownHook(false)
                    .start();
            LOG.info("embedded PostgreSQL ready on port {} in {} ms (data in {})", pg.getPort(),
                    (System.nanoTime() - started) / 1_000_000, dataDir);
            return new EmbeddedPostgresServer(pg);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the embedded PostgreSQL in " + dataDir, e);
        }
    }

    public String jdbcUrl() {
        return postgres.getJdbcUrl("postgres", "postgres");
    }

    public int port() {
        return postgres.getPort();
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            LOG.warn("embedded PostgreSQL did not stop cleanly", e);
        }
    }

    /**
     * A PostgreSQL left running on this data directory by an Atelier that was killed (zonky
     * starts the server detached, so it outlives the JVM) would keep the new one from starting.
     * SIGINT is PostgreSQL's "fast" shutdown: it ends sessions and checkpoints.
     */
    private static void stopOrphan(Path dataDir) {
        Path pidFile = dataDir.resolve("postmaster.pid");
        try {
            if (!Files.exists(pidFile)) return;
            long pid = Long.parseLong(Files.readAllLines(pidFile).getFirst().strip());
            var orphan = ProcessHandle.of(pid).filter(p -> p.info().command().map(c -> c.contains("postgres")).orElse(false));
            if (orphan.isEmpty()) return;
            LOG.warn("stopping PostgreSQL {} left running on {} by an earlier Atelier", pid, dataDir);
            new ProcessBuilder("kill", "-INT", Long.toString(pid)).inheritIO().start().waitFor();
            if (orphan.get().onExit().completeOnTimeout(null, 30, java.util.concurrent.TimeUnit.SECONDS).join() == null) {
                orphan.get().destroyForcibly();
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("no usable postmaster.pid in {}", dataDir, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static byte[] readArchive() throws IOException {
        String os = System.getProperty("os.name").toLowerCase().contains("mac") ? "Darwin" : "Linux";
        String arch = System.getProperty("os.arch"); // zonky normalises amd64/x86_64/aarch64 itself
        try (InputStream in = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(os, arch)) {
            return in.readAllBytes();
        } catch (IllegalStateException e) {
            throw new IOException("no embedded PostgreSQL binaries for " + os + "/" + arch
                    + "; set DATABASE_URL to use an external PostgreSQL", e);
        }
    }

}
