package dev.atelier.inference.store;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A file server on loopback that serves a model folder under a Hugging Face-like base path
 * ({@code /org/repo/resolve/main/}), with the faults a real download meets: a file served with
 * wrong bytes, a connection closed half-way through a file, a server that ignores {@code Range}.
 * It records every request and every {@code Range} header, so tests can see what the client did.
 */
final class ModelServer implements AutoCloseable {

    static final String BASE_PATH = "/org/repo/resolve/main/";
    /** Where files are redirected to when {@link #redirectToCdn} is set, as Hugging Face sends large files to its CDN. */
    static final String CDN_PATH = "/cdn/";
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-");

    private final Path folder;
    private final HttpServer server;
    /** Paths served with these bytes instead of the file's: a corrupted mirror. */
    final Map<String, byte[]> replaced = new ConcurrentHashMap<>();
    /** Paths whose next responses close the connection after so many body bytes, one count per response. */
    private final Map<String, Queue<Integer>> drops = new ConcurrentHashMap<>();
    /** Paths whose next response goes silent after this many body bytes, connection open (once). */
    final Map<String, Integer> stallOnceAfter = new ConcurrentHashMap<>();
    private final CountDownLatch closing = new CountDownLatch(1);
    private final ExecutorService handlers = Executors.newCachedThreadPool(Thread.ofPlatform().daemon().factory());
    /** Paths answered 404 although the folder has them. */
    final Set<String> hidden = ConcurrentHashMap.newKeySet();
    final List<String> requests = new CopyOnWriteArrayList<>();
    final List<String> rangeHeaders = new CopyOnWriteArrayList<>();
    volatile boolean ignoreRange;
    /** Answer every file request with a 302 to {@link #CDN_PATH}; only the CDN serves (and counts) requests. */
    volatile boolean redirectToCdn;
    private volatile String manifest;

    private ModelServer(Path folder) throws IOException {
        this.folder = folder;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(handlers); // a stalled response must not hold up the client's retry
        server.start();
    }

    static ModelServer serving(Path folder) {
        try {
            return new ModelServer(folder);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Publishes an {@code atelier-manifest.json} of the folder as it is now (before any corruption). */
    ModelServer withManifest() {
        try {
            manifest = ModelManifest.of(folder).toJson();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** The next responses for {@code path} end after these many body bytes, one response each. */
    void drop(String path, int... bytesEachTime) {
        Queue<Integer> queue = new ConcurrentLinkedQueue<>();
        for (int n : bytesEachTime) queue.add(n);
        drops.put(path, queue);
    }

    URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + BASE_PATH);
    }

    /** The requests for one file. */
    long requestsFor(String path) {
        return requests.stream().filter(path::equals).count();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String uri = exchange.getRequestURI().getPath();
            boolean fromCdn = uri.startsWith(CDN_PATH);
            String path = fromCdn ? uri.substring(CDN_PATH.length())
                    : uri.startsWith(BASE_PATH) ? uri.substring(BASE_PATH.length()) : "";
            if (redirectToCdn && !fromCdn && !path.equals(ModelManifest.FILE_NAME)) {
                exchange.getResponseHeaders().set("Location", CDN_PATH + path);
                exchange.sendResponseHeaders(302, -1);
                return;
            }
            requests.add(path);
            String range = exchange.getRequestHeaders().getFirst("Range");
            if (range != null) rangeHeaders.add(path + " " + range);
            byte[] body = body(path);
            if (body == null) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            int from = 0;
            Matcher m = range == null || ignoreRange ? null : RANGE.matcher(range);
            if (m != null && m.matches()) {
                from = Integer.parseInt(m.group(1));
                if (from >= body.length) {
                    exchange.getResponseHeaders().set("Content-Range", "bytes */" + body.length);
                    exchange.sendResponseHeaders(416, -1);
                    return;
                }
                exchange.getResponseHeaders().set("Content-Range",
                        "bytes " + from + "-" + (body.length - 1) + "/" + body.length);
            }
            exchange.sendResponseHeaders(from > 0 ? 206 : 200, body.length - from);
            OutputStream out = exchange.getResponseBody();
            Integer dropAfter = drops.getOrDefault(path, new ArrayDeque<>()).poll();
            if (dropAfter != null) {
                out.write(body, from, dropAfter);
                out.flush();
                // Let the bytes reach the client before the connection goes: HttpServer closes it
                // at once, and what the socket had not sent yet would be lost with it.
                try {
                    Thread.sleep(150);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                // An exception out of a handler makes HttpServer close the connection: the client
                // sees the body end early, as with a dropped network link.
                throw new IOException("dropping the connection after " + dropAfter + " bytes, as the test asked");
            }
            Integer stallAfter = stallOnceAfter.remove(path);
            if (stallAfter != null) {
                out.write(body, from, stallAfter);
                out.flush();
                try {
                    closing.await(); // silent until the test ends, as a hung CDN node is
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                throw new IOException("stalled on purpose");
            }
            out.write(body, from, body.length - from);
        }
    }

    private byte[] body(String path) throws IOException {
        if (hidden.contains(path) || path.isEmpty() || path.contains("..")) return null;
        if (path.equals(ModelManifest.FILE_NAME) && manifest != null) return manifest.getBytes(StandardCharsets.UTF_8);
        byte[] bytes = replaced.get(path);
        if (bytes != null) return bytes;
        Path file = folder.resolve(path);
        return Files.isRegularFile(file) ? Files.readAllBytes(file) : null;
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
        handlers.shutdownNow();
    }
}
