package dev.atelier.tests.support;

import io.micronaut.core.type.Argument;
import io.micronaut.serde.ObjectMapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Talks to Atelier's public API as curl or a browser would: plain HTTP, multipart forms, JSON.
 */
public final class Api {

    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = ObjectMapper.getDefault();

    public Api(URI base) {
        this.base = base;
    }

    /** A response: status, headers and body, with the body readable as JSON. */
    public record Reply(int status, String contentType, Map<String, List<String>> headers, byte[] body) {
        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().getFirst()).findFirst().orElse(null);
        }

        public Map<String, Object> json() {
            try {
                return ObjectMapper.getDefault().readValue(body, Argument.mapOf(String.class, Object.class));
            } catch (IOException e) {
                throw new AssertionError("not JSON (" + status + "): " + text(), e);
            }
        }
    }

    /** A file part of a multipart form. */
    public record FilePart(String fileName, String contentType, byte[] bytes) {
    }

    public String createConversation() {
        Reply reply = send(HttpRequest.newBuilder(base.resolve("/api/conversations"))
                .POST(HttpRequest.BodyPublishers.noBody()));
        if (reply.status() != 201) throw new AssertionError("create conversation: " + reply.status() + " " + reply.text());
        return (String) reply.json().get("id");
    }

    /** Posts a message form; values are Strings (fields) or {@link FilePart}s. */
    public Reply postMessage(String conversationId, Map<String, ?> form) {
        return postMessage(conversationId, form, Map.of());
    }

    public Reply postMessage(String conversationId, Map<String, ?> form, Map<String, String> headers) {
        String boundary = "atelier-test-" + UUID.randomUUID();
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve("/api/conversations/" + conversationId + "/messages"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(multipart(boundary, form)));
        headers.forEach(request::header);
        return send(request);
    }

    public Reply get(String path) {
        return get(path, Map.of());
    }

    public Reply get(String path, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).GET();
        headers.forEach(request::header);
        return send(request);
    }

    /** Polls a job until it is done, failed or cancelled. */
    public Map<String, Object> awaitJob(String jobId, Duration timeout) {
        Instant end = Instant.now().plus(timeout);
        Map<String, Object> job;
        do {
            job = get("/api/jobs/" + jobId).json();
            String status = (String) job.get("status");
            if (status.equals("done") || status.equals("failed") || status.equals("cancelled")) return job;
            sleep(100);
        } while (Instant.now().isBefore(end));
        throw new AssertionError("job " + jobId + " not finished after " + timeout + ": " + job);
    }

    /** Sends a message and waits for its job; fails the test when the message was refused. */
    public Map<String, Object> turn(String conversationId, Map<String, ?> form) {
        Reply reply = postMessage(conversationId, form);
        if (reply.status() != 202) throw new AssertionError("message refused: " + reply.status() + " " + reply.text());
        return awaitJob((String) reply.json().get("jobId"), Duration.ofSeconds(120));
    }

    private Reply send(HttpRequest.Builder request) {
        try {
            HttpResponse<byte[]> r = http.send(request.timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            return new Reply(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""),
                    r.headers().map(), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static byte[] multipart(String boundary, Map<String, ?> form) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Map<String, ?> fields = new LinkedHashMap<>(form);
        fields.forEach((name, value) -> {
            write(out, "--" + boundary + "\r\n");
            if (value instanceof FilePart f) {
                write(out, "Content-Disposition: form-data; name=\"" + name + "\"; filename=\"" + f.fileName() + "\"\r\n");
                write(out, "Content-Type: " + f.contentType() + "\r\n\r\n");
                out.writeBytes(f.bytes());
                write(out, "\r\n");
            } else {
                write(out, "Content-Disposition: form-data; name=\"" + name + "\"\r\n\r\n");
                write(out, String.valueOf(value) + "\r\n");
            }
        });
        write(out, "--" + boundary + "--\r\n");
        return out.toByteArray();
    }

    private static void write(ByteArrayOutputStream out, String s) {
        out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
