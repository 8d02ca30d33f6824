package dev.atelier.inference.store;

import dev.atelier.inference.store.ModelStoreException.Failure;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fetches files from a model's base URL over HTTP(S). A file is written to {@code <file>.part}
 * and renamed when it is whole, so a file without the suffix is always complete. A dropped
 * connection is picked up where it stopped with a {@code Range} request, after a short backoff
 * that doubles each time; a server that ignores {@code Range} (200 instead of 206) gets the
 * file from the start again. The SHA-256 is computed while the bytes arrive (continued over the
 * bytes already on disk when resuming), so a multi-gigabyte UNet is not read twice.
 *
 * <p>Only failures in a row count against the attempts: a retry that got more bytes starts the
 * count again, so a long download over a flaky link keeps going. A server that stops sending
 * without closing the connection would block a read for ever (the JDK client has no read
 * timeout), so a watchdog treats {@code stallTimeout} without a byte like a dropped connection.
 */
final class FileTransfer {

    private static final int BUFFER = 1 << 16;
    private static final long MAX_MANIFEST_BYTES = 16L << 20;
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("atelier-download-watchdog").factory());
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+|\\*)");

    private final HttpClient client;
    private final String base;
    private final int attempts;
    private final Duration firstBackoff;
    private final Duration stallTimeout;
    private final TransferProgress progress;

    FileTransfer(URI base, int attempts, Duration firstBackoff, Duration stallTimeout, TransferProgress progress) {
        String url = base.toString();
        this.base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        this.attempts = attempts;
        this.firstBackoff = firstBackoff;
        this.stallTimeout = stallTimeout;
        this.progress = progress;
        // Hugging Face's resolve/main answers a large file with a redirect to its CDN. HTTP/1.1:
        // one file at a time gains nothing from HTTP/2, and every file server speaks 1.1.
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NORMAL).connectTimeout(Duration.ofSeconds(20)).build();
    }

    URI uri(String path) {
        return URI.create(base + "/" + path);
    }

    /** A small text file (the manifest); empty when the server has none (404). */
    Optional<String> text(String path) {
        for (int failures = 1; ; failures++) {
            try {
                HttpResponse<InputStream> response = send(path, 0);
                try (InputStream body = response.body()) {
                    int status = response.statusCode();
                    if (status == 404 || status == 410) return Optional.empty();
                    checkStatus(path, status);
                    byte[] bytes = body.readNBytes((int) MAX_MANIFEST_BYTES + 1);
                    if (bytes.length > MAX_MANIFEST_BYTES) {
                        throw new ModelStoreException(Failure.INTEGRITY, uri(path) + " is larger than a manifest can be");
                    }
                    return Optional.of(new String(bytes, StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                backOff(path, failures, e);
            }
        }
    }

    /**
     * Downloads one file of the manifest to {@code target}, resuming a {@code .part} left by an
     * earlier attempt. Returns the entry as received (size and SHA-256), or empty when an
     * optional file is not on the server. Throws {@link Failure#INTEGRITY} when the size or hash
     * differs from a checked entry; the bad bytes are deleted so that the next pull fetches the
     * file again, while the files that did check out stay for it.
     */
    Optional<ModelManifest.Entry> fetch(ModelManifest.Entry entry, Path target) {
        Path part = target.resolveSibling(target.getFileName() + ".part");
        MessageDigest digest = Sha256.digest();
        long have = 0;
        try {
            Files.createDirectories(target.getParent());
            if (Files.exists(part)) {
                have = Files.size(part);
                if (entry.size() >= 0 && have > entry.size()) {
                    Files.delete(part);
                    have = 0;
                } else {
                    Sha256.update(digest, part);
                }
            }
        } catch (IOException e) {
            throw disk(part, e);
        }
        int failures = 0;
        while (true) {
            long before = have;
            try {
                HttpResponse<InputStream> response = send(entry.path(), have);
                try (InputStream body = response.body()) {
                    int status = response.statusCode();
                    if (status == 404 || status == 410) {
                        if (entry.optional()) return Optional.empty();
                        throw new ModelStoreException(Failure.NOT_FOUND, "required file " + entry.path() + " not found at "
                                + uri(entry.path()) + " (HTTP " + status + "); is the base URL right? On Hugging Face it ends in /resolve/main");
                    }
                    if (status == 416 && have > 0 && (entry.size() < 0 || have == entry.size())) {
                        break; // nothing left past what we hold: an earlier attempt got it all
                    }
                    boolean append = false;
                    if (status == 206) {
                        Matcher range = CONTENT_RANGE.matcher(response.headers().firstValue("Content-Range").orElse(""));
                        append = range.matches() && Long.parseLong(range.group(1)) == have;
                        if (!append) {
                            // Not the bytes we asked for: ask again for the whole file.
                            Files.deleteIfExists(part);
                            throw new IOException("the server sent another range than bytes=" + have + "-");
                        }
                    } else {
                        checkStatus(entry.path(), status);
                    }
                    if (!append && have > 0) {
                        progress.note(entry.path() + ": the server sent the whole file, not the rest; starting it again");
                        digest.reset();
                        have = 0;
                    }
                    long length = response.headers().firstValueAsLong("Content-Length").orElse(-1);
                    long end = length >= 0 ? have + length : -1;
                    progress.start(entry.path(), have, entry.size() >= 0 ? entry.size() : end);
                    have = copy(body, part, append, have, digest);
                    if (end >= 0 && have < end) {
                        throw new EOFException("the connection closed after " + have + " of " + end + " bytes");
                    }
                }
                progress.finish(have);
                break;
            } catch (IOException e) {
                try {
                    have = Files.exists(part) ? Files.size(part) : 0; // what reached the disk before the drop
                    digest.reset();
                    if (have > 0) Sha256.update(digest, part);
                } catch (IOException io) {
                    throw disk(part, io);
                }
                failures = have > before ? 1 : failures + 1;
                backOff(entry.path(), failures, e);
            }
        }
        String sha = Sha256.hex(digest);
        String problem = entry.size() >= 0 && have != entry.size()
                ? "size mismatch: expected " + entry.size() + " bytes, got " + have
                : entry.checked() && !sha.equals(entry.sha256())
                ? "SHA-256 mismatch: expected " + entry.sha256() + ", got " + sha : null;
        try {
            if (problem != null) {
                Files.deleteIfExists(part);
                throw new ModelStoreException(Failure.INTEGRITY, entry.path() + ": " + problem);
            }
            Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw disk(target, e);
        }
        return Optional.of(ModelManifest.Entry.known(entry.path(), have, sha));
    }

    private HttpResponse<InputStream> send(String path, long from) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).GET()
                .header("User-Agent", "atelier-models/1");
        if (from > 0) request.header("Range", "bytes=" + from + "-");
        // The wait for the headers is bounded here rather than by HttpRequest.timeout, whose
        // scope grows to cover the whole body in newer JDKs: a 4 GB UNet takes longer than that.
        CompletableFuture<HttpResponse<InputStream>> response =
                client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        try {
            return response.get(stallTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            response.cancel(true);
            throw new HttpTimeoutException("no answer within " + stallTimeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            response.cancel(true);
            Thread.currentThread().interrupt();
            throw new ModelStoreException(Failure.UNREACHABLE, "interrupted while fetching " + uri(path), e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) throw io;
            throw new ModelStoreException(Failure.UNREACHABLE, "cannot fetch " + uri(path) + ": " + e.getCause(), e.getCause());
        }
    }

    /** Network bytes into the part file; a failed write is a disk error, never retried as a network one. */
    private long copy(InputStream body, Path part, boolean append, long have, MessageDigest digest) throws IOException {
        OutputStream out;
        try {
            out = Files.newOutputStream(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw disk(part, e);
        }
        byte[] buffer = new byte[BUFFER];
        Thread reader = Thread.currentThread();
        AtomicLong lastByte = new AtomicLong(System.nanoTime());
        AtomicBoolean stalled = new AtomicBoolean();
        AtomicBoolean finished = new AtomicBoolean();
        long period = Math.max(10, Math.min(1000, stallTimeout.toMillis() / 4));
        // A blocked read of the JDK client's body stream ends with an IOException when its thread is interrupted.
        // Checked and set under one lock, so no interrupt can land after the copy has finished.
        ScheduledFuture<?> watch = WATCHDOG.scheduleAtFixedRate(() -> {
            synchronized (finished) {
                if (!finished.get() && System.nanoTime() - lastByte.get() > stallTimeout.toNanos()
                        && stalled.compareAndSet(false, true)) {
                    reader.interrupt();
                }
            }
        }, period, period, TimeUnit.MILLISECONDS);
        try (out) {
            for (int n; (n = body.read(buffer)) > 0; ) {
                lastByte.set(System.nanoTime());
                try {
                    out.write(buffer, 0, n);
                } catch (IOException e) {
                    if (stalled.get()) throw e; // the watchdog's interrupt closed the file channel: a network stall
                    throw disk(part, e);
                }
                digest.update(buffer, 0, n);
                have += n;
                progress.advance(have);
            }
        } catch (IOException e) {
            if (stalled.get()) throw new IOException("no data for " + stallTimeout.toMillis() + " ms", e);
            throw e;
        } finally {
            synchronized (finished) {
                finished.set(true);
            }
            watch.cancel(false);
            if (stalled.get()) Thread.interrupted(); // the interrupt was ours, not a request to stop
        }
        return have;
    }

    private void checkStatus(String path, int status) throws IOException {
        if (status == 200) return;
        // Busy or failing servers and rate limits get the same retries as a dropped connection.
        if (status >= 500 || status == 429 || status == 408) throw new IOException("the server answered HTTP " + status);
        throw new ModelStoreException(Failure.NOT_FOUND, uri(path) + " answered HTTP " + status);
    }

    /** Waits before the next try, or gives up after {@code attempts} failures in a row. */
    private void backOff(String path, int failures, IOException e) {
        if (failures >= attempts) {
            boolean neverConnected = e instanceof ConnectException || e instanceof HttpConnectTimeoutException;
            throw new ModelStoreException(Failure.UNREACHABLE, neverConnected
                    ? "cannot reach " + base + " after " + attempts + " attempts: " + describe(e) + "; is the server up and the URL right?"
                    : "download of " + path + " failed after " + attempts + " attempts: " + describe(e)
                      + "; run the same pull again to resume", e);
        }
        Duration wait = firstBackoff.multipliedBy(1L << Math.min(failures - 1, 6));
        progress.note(path + ": " + describe(e) + "; retrying in " + wait.toMillis() + " ms (attempt "
                + (failures + 1) + " of " + attempts + ")");
        try {
            Thread.sleep(wait);
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw new ModelStoreException(Failure.UNREACHABLE, "interrupted while waiting to retry " + path, ie);
        }
    }

    private static String describe(IOException e) {
        String message = e.getMessage();
        if (e instanceof ConnectException && (message == null || message.isBlank())) {
            // The JDK client's ConnectException has no message for a refused connection or an unknown host.
            return "connection refused or unknown host";
        }
        for (Throwable cause = e.getCause(); (message == null || message.isBlank()) && cause != null; cause = cause.getCause()) {
            message = cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
        }
        return e.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : " (" + message + ")");
    }

    static ModelStoreException disk(Path path, IOException e) {
        return new ModelStoreException(Failure.DISK, "cannot write " + path + ": " + e, e);
    }
}
