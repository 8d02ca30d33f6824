package dev.atelier.app.embedded;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.embedded.core.ExecutableProvider;
import redis.embedded.model.OsArchitecture;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * A real Redis server (the binary shipped in the embedded-redis artifact) with its append-only
 * file under the data directory, so the job stream survives a restart. Started when no
 * {@code REDIS_URL} is configured; tests start the same server.
 *
 * <p>Only the binary comes from embedded-redis: its {@code RedisServer} adds a JVM shutdown
 * hook that kills Redis the moment the JVM is asked to stop, while the worker may still be
 * acknowledging its last job. Here Atelier decides when Redis stops: after the worker.
 */
public final class EmbeddedRedisServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedRedisServer.class);
    private static final Duration STARTUP = Duration.ofSeconds(20);

    private final Process process;
    private final int port;

    private EmbeddedRedisServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    public static EmbeddedRedisServer start(Path dataDir) {
        try {
            Path dir = dataDir.toAbsolutePath();
            Files.createDirectories(dir);
            stopOrphan(dir.resolve("redis.pid"));
            int port = freePort();
            Path config = dir.resolve("redis.conf");
            Files.writeString(config, """
                    # Written by Atelier at every start.
                    port %d
                    bind 127.0.0.1
                    dir %s
                    pidfile %s
                    daemonize no
                    # The stream holds accepted jobs: keep it on disk, synced every second.
                    appendonly yes
                    appendfsync everysec
                    save ""
                    """.formatted(port, dir, dir.resolve("redis.pid")));
            File binary = binary();
            Process process = new ProcessBuilder(binary.getAbsolutePath(), config.toString())
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("redis.log").toFile())
                    .start();
            awaitReady(process, port, dir);
            LOG.info("embedded Redis ready on port {} (data in {})", port, dir);
            return new EmbeddedRedisServer(process, port);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the embedded Redis in " + dataDir, e);
        }
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    /** SIGTERM: Redis syncs its append-only file and exits. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                LOG.warn("embedded Redis did not stop in 10 s; killing it");
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    /**
     * The redis-server binary for this OS, unpacked once into the temp folder (embedded-redis
     * itself unpacks a fresh copy into a new folder at every start and never removes it).
     */
    private static File binary() throws IOException {
        String resource = ExecutableProvider.newProvidedVersionsMap().get(OsArchitecture.detectOSandArchitecture());
        if (resource == null) {
            throw new IOException("no embedded Redis for this OS; set REDIS_URL to use an external Redis");
        }
        String name = resource.substring(resource.lastIndexOf('/') + 1);
        Path target = Path.of(System.getProperty("java.io.tmpdir"), "atelier-redis-bin", name);
        if (!Files.isExecutable(target)) {
            Files.createDirectories(target.getParent());
            Path tmp = Files.createTempFile(target.getParent(), name, ".part");
            try (InputStream in = ExecutableProvider.class.getResourceAsStream(resource.startsWith("/") ? resource : "/" + resource)) {
                if (in == null) throw new IOException("embedded-redis has no " + resource);
                Files.copy(in, tmp, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            tmp.toFile().setExecutable(true);
            Files.move(tmp, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        return target.toFile();
    }

    private static void awaitReady(Process process, int port, Path dir) throws IOException {
        Instant end = Instant.now().plus(STARTUP);
        while (Instant.now().isBefore(end)) {
            if (!process.isAlive()) {
                throw new IOException("Redis exited with " + process.exitValue() + "; see " + dir.resolve("redis.log"));
            }
            if (answersPing(port)) return;
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while starting Redis", e);
            }
        }
        process.destroyForcibly();
        throw new IOException("Redis did not answer within " + STARTUP + "; see " + dir.resolve("redis.log"));
    }

    private static boolean answersPing(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            socket.setSoTimeout(500);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] reply = new byte[7];
            int n = in.readNBytes(reply, 0, 7);
            return new String(reply, 0, n, StandardCharsets.US_ASCII).startsWith("+PONG");
        } catch (IOException e) {
            return false; // not listening yet, or still loading the append-only file
        }
    }

    /** A Redis left running on this data directory by a killed Atelier would share its files. */
    private static void stopOrphan(Path pidFile) {
        try {
            if (!Files.exists(pidFile)) return;
            long pid = Long.parseLong(Files.readString(pidFile).strip());
            ProcessHandle.of(pid).filter(p -> p.info().command().map(c -> c.contains("redis-server")).orElse(false))
                    .ifPresent(p -> {
                        LOG.warn("stopping Redis {} left running on this data directory", pid);
                        p.destroy();
                        p.onExit().orTimeout(10, TimeUnit.SECONDS).join();
                    });
        } catch (IOException | RuntimeException e) {
            LOG.debug("no usable Redis pid file at {}", pidFile, e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
