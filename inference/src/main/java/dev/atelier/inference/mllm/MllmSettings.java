package dev.atelier.inference.mllm;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Where and how to reach an OpenAI-compatible chat server (vLLM, Ollama, llama.cpp server,
 * LM Studio) that serves a multimodal model.
 *
 * @param baseUrl    the server's API root. Both {@code http://host:8000/v1} (what the servers
 *                   document) and {@code http://host:8000} work: a URL with no path gets
 *                   {@code /v1} added, any other path is used as given, and a URL that already
 *                   ends in {@code /chat/completions} is used as it is
 * @param model      the model name the server knows ({@code llava-hf/llava-1.5-7b-hf}, {@code llava})
 * @param apiKey     sent as {@code Authorization: Bearer …}; {@code null} or blank sends none
 *                   (local servers usually need none)
 * @param timeout    how long one attempt may take, connecting included
 * @param maxRetries how many times to try again after a connection error, a 429 or a 5xx;
 *                   0 tries once
 */
public record MllmSettings(URI baseUrl, String model, String apiKey, Duration timeout, int maxRetries) {

    /** A vision model writing a few hundred tokens on a busy GPU; long, but not forever. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);

    public MllmSettings {
        Objects.requireNonNull(baseUrl, "baseUrl");
        if (!"http".equalsIgnoreCase(baseUrl.getScheme()) && !"https".equalsIgnoreCase(baseUrl.getScheme())) {
            throw new IllegalArgumentException("MLLM base URL must be http or https: " + baseUrl);
        }
        if (model == null || model.isBlank()) throw new IllegalArgumentException("MLLM model name is required");
        apiKey = apiKey == null || apiKey.isBlank() ? null : apiKey.strip();
        timeout = timeout == null || timeout.isZero() || timeout.isNegative() ? DEFAULT_TIMEOUT : timeout;
        if (maxRetries < 0) throw new IllegalArgumentException("maxRetries must be 0 or more: " + maxRetries);
    }

    /** The chat completions endpoint this configuration points at. */
    public URI chatCompletionsUri() {
        String url = baseUrl.toString();
        while (url.endsWith("/")) url = url.substring(0, url.length() - 1);
        if (url.endsWith("/chat/completions")) return URI.create(url);
        String path = baseUrl.getPath();
        boolean noPath = path == null || path.isEmpty() || path.equals("/");
        return URI.create(url + (noPath ? "/v1" : "") + "/chat/completions");
    }

    /** Never prints the API key. */
    @Override
    public String toString() {
        return "MllmSettings[baseUrl=" + baseUrl + ", model=" + model + ", apiKey=" + (apiKey == null ? "none" : "***")
                + ", timeout=" + timeout + ", maxRetries=" + maxRetries + "]";
    }
}
