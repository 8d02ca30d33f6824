package dev.atelier.inference.mllm;

import dev.atelier.core.prompt.PromptModel;
import dev.atelier.core.prompt.PromptModelException;
import dev.atelier.core.prompt.PromptRequest;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * The prompt model behind an OpenAI-compatible {@code POST /chat/completions} endpoint with
 * image input (vLLM, Ollama, llama.cpp server, LM Studio serving LLMGA, LLaVA or Qwen-VL).
 * The request is built by {@link ChatMessages}; the reply is {@code choices[0].message.content},
 * returned raw for {@link dev.atelier.core.llmga.LlmgaReplyParser}.
 *
 * <p>Failures: a connection error, a 429 or a 5xx is tried again up to
 * {@link MllmSettings#maxRetries()} times, after the server's {@code Retry-After} when it sends
 * one and after a doubling back-off otherwise. A 4xx other than 429 is the request's fault
 * and is not retried. An attempt that connects but gets no answer within the timeout is not
 * retried either: the server has the request and is busy, and asking again would only queue a
 * second copy behind the first. Everything ends in a {@link PromptModelException} that names
 * the server and what it said.
 *
 * <p>Thread-safe: one instance serves every worker thread.
 */
public final class OpenAiChatPromptModel implements PromptModel, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OpenAiChatPromptModel.class);

    /** First wait before a retry when the server does not say; doubled each time. */
    static final Duration INITIAL_BACKOFF = Duration.ofMillis(500);

    /** Longest wait between attempts, whatever Retry-After says: a turn should fail, not hang. */
    static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    /** How much of an error body goes into the exception message. */
    private static final int ERROR_EXCERPT_CHARS = 300;

    private final MllmSettings settings;
    private final URI endpoint;
    /** The endpoint as messages show it: without user info or query, which may hold secrets. */
    private final String shown;
    private final JsonMapper json;
    private final HttpClient http;
    private final Duration initialBackoff;

    /** Uses Micronaut serde's default mapper; pass the application's mapper where there is one. */
    public OpenAiChatPromptModel(MllmSettings settings) {
        this(settings, JsonMapper.createDefault());
    }

    public OpenAiChatPromptModel(MllmSettings settings, JsonMapper json) {
        this(settings, json, INITIAL_BACKOFF);
    }

    /** Tests shorten the back-off so retries do not slow the build. */
    OpenAiChatPromptModel(MllmSettings settings, JsonMapper json, Duration initialBackoff) {
        this.settings = settings;
        this.endpoint = settings.chatCompletionsUri();
        this.shown = endpoint.getScheme() + "://" + endpoint.getHost()
                + (endpoint.getPort() < 0 ? "" : ":" + endpoint.getPort()) + endpoint.getPath();
        this.json = json;
        this.initialBackoff = initialBackoff;
        // HTTP/1.1 on purpose: over plain http the client would otherwise try an h2c upgrade,
        // which several of these servers answer badly.
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.timeout())
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    @Override
    public String name() {
        return "openai:" + settings.model();
    }

    @Override
    public String reply(PromptRequest request) {
        byte[] body = encode(request);
        int attempt = 0;
        while (true) {
            Outcome outcome = attempt(body);
            if (outcome.reply() != null) return outcome.reply();
            if (!outcome.retryable() || attempt >= settings.maxRetries()) {
                String tries = attempt == 0 ? "" : " (after " + (attempt + 1) + " attempts)";
                throw new PromptModelException(outcome.problem() + tries, outcome.cause());
            }
            Duration wait = outcome.retryAfter() != null ? outcome.retryAfter() : backoff(attempt);
            LOG.warn("{}; trying again in {} ms", outcome.problem(), wait.toMillis());
            sleep(wait);
            attempt++;
        }
    }

    /** One try: a reply, or what went wrong and whether trying again may help. */
    private record Outcome(String reply, String problem, boolean retryable, Duration retryAfter, Throwable cause) {

        static Outcome failed(String problem, boolean retryable, Duration retryAfter, Throwable cause) {
            return new Outcome(null, problem, retryable, retryAfter, cause);
        }
    }

    private Outcome attempt(byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint)
                .timeout(settings.timeout())
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (settings.apiKey() != null) request.header("Authorization", "Bearer " + settings.apiKey());
        HttpResponse<byte[]> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpConnectTimeoutException e) {
            return Outcome.failed("MLLM at " + shown + " could not be reached within " + seconds(), true, null, e);
        } catch (HttpTimeoutException e) {
            return Outcome.failed("MLLM at " + shown + " did not answer within " + seconds(), false, null, e);
        } catch (IOException e) {
            return Outcome.failed("MLLM at " + shown + " could not be reached: " + describe(e), true, null, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PromptModelException("Interrupted while waiting for the MLLM at " + shown, e);
        }
        int status = response.statusCode();
        if (status / 100 == 2) return read(response.body());
        String problem = "MLLM at " + shown + " answered " + status + ": " + errorText(response.body());
        boolean retryable = status == 429 || status / 100 == 5;
        Duration retryAfter = retryable
                ? retryAfter(response.headers().firstValue("Retry-After").orElse(null)) : null;
        return Outcome.failed(problem, retryable, retryAfter, null);
    }

    private Outcome read(byte[] body) {
        JsonNode root;
        try {
            root = json.readValue(body, JsonNode.class);
        } catch (IOException | RuntimeException e) {
            return Outcome.failed("MLLM at " + shown + " answered with something that is not JSON: "
                    + excerpt(body), false, null, e);
        }
        JsonNode content = path(root, "choices", 0, "message", "content");
        String text = contentText(content);
        if (text == null || text.isBlank()) {
            return Outcome.failed("MLLM at " + shown + " answered without choices[0].message.content: "
                    + excerpt(body), false, null, null);
        }
        return new Outcome(text, null, false, null, null);
    }

    /** Content is a string on every server we know; a list of text parts is read too, to be safe. */
    private static String contentText(JsonNode content) {
        if (content == null || content.isNull()) return null;
        if (content.isString()) return content.getStringValue();
        if (content.isArray()) {
            StringBuilder s = new StringBuilder();
            for (JsonNode part : content.values()) {
                JsonNode t = part.isObject() ? part.get("text") : null;
                if (t != null && t.isString()) s.append(t.getStringValue());
            }
            return s.toString();
        }
        return null;
    }

    private static JsonNode path(JsonNode node, Object... steps) {
        for (Object step : steps) {
            if (node == null) return null;
            if (step instanceof Integer i) {
                node = node.isArray() && node.size() > i ? node.get(i) : null;
            } else {
                node = node.isObject() ? node.get((String) step) : null;
            }
        }
        return node;
    }

    /** The server's own error message ({@code {"error":{"message":…}}}) when it sends one. */
    private String errorText(byte[] body) {
        try {
            JsonNode root = json.readValue(body, JsonNode.class);
            JsonNode message = path(root, "error", "message");
            if (message == null) message = path(root, "error");
            if (message == null) message = path(root, "detail");
            if (message != null && message.isString()) return clip(message.getStringValue());
        } catch (IOException | RuntimeException ignored) {
            // Not JSON: the raw text below says more than a parse error would.
        }
        return excerpt(body);
    }

    private byte[] encode(PromptRequest request) {
        try {
            return json.writeValueAsBytes(ChatMessages.body(settings.model(), request));
        } catch (IOException e) {
            throw new PromptModelException("Could not write the request for the MLLM at " + shown, e);
        }
    }

    /**
     * Reads {@code Retry-After} as seconds or as an HTTP date; {@code null} when absent or
     * unreadable, so the doubling back-off applies. Capped at {@link #MAX_BACKOFF}.
     */
    static Duration retryAfter(String header) {
        if (header == null || header.isBlank()) return null;
        String h = header.strip();
        Duration wait;
        try {
            wait = Duration.ofSeconds(Long.parseLong(h));
        } catch (NumberFormatException notSeconds) {
            try {
                wait = Duration.between(ZonedDateTime.now(), ZonedDateTime.parse(h, DateTimeFormatter.RFC_1123_DATE_TIME));
            } catch (DateTimeParseException notADate) {
                return null;
            }
        }
        if (wait.isNegative()) return Duration.ZERO;
        return wait.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : wait;
    }

    private Duration backoff(int attempt) {
        Duration wait = initialBackoff.multipliedBy(1L << Math.min(attempt, 16));
        return wait.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : wait;
    }

    private static void sleep(Duration wait) {
        try {
            Thread.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PromptModelException("Interrupted while waiting to retry the MLLM", e);
        }
    }

    private String seconds() {
        return settings.timeout().toMillis() % 1000 == 0
                ? settings.timeout().toSeconds() + " s" : settings.timeout().toMillis() + " ms";
    }

    private static String describe(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + " " + e.getMessage();
    }

    private static String excerpt(byte[] body) {
        return body == null || body.length == 0 ? "(empty body)" : clip(new String(body, StandardCharsets.UTF_8));
    }

    private static String clip(String s) {
        String one = s.strip().replaceAll("\\s+", " ");
        return one.length() <= ERROR_EXCERPT_CHARS ? one : one.substring(0, ERROR_EXCERPT_CHARS) + "…";
    }

    @Override
    public void close() {
        http.close();
    }
}
