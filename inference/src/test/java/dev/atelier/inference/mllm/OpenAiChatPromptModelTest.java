package dev.atelier.inference.mllm;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.atelier.core.image.Task;
import dev.atelier.core.prompt.PromptModelException;
import dev.atelier.core.prompt.PromptRequest;
import dev.atelier.core.prompt.PromptRequest.HistoryTurn;
import dev.atelier.core.prompt.PromptRequest.ImageInput;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Talks to a fake OpenAI-compatible server on loopback that speaks the real JSON. */
class OpenAiChatPromptModelTest {

    private static final String REPLY = "A cosy cabin, coming up!\n<gen_image>a cosy log cabin in a snowy forest, "
            + "warm light in the windows, dusk, highly detailed</gen_image>";

    private static JsonMapper json;

    private HttpServer server;
    private final ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private OpenAiChatPromptModel model;

    /** What the fake server answers to one request; {@code status} 0 means never answer. */
    private record Answer(int status, String body, Map<String, String> headers) {
    }

    private record Received(String path, String authorization, String contentType, JsonNode body) {
    }

    @BeforeAll
    static void mapper() {
        json = JsonMapper.createDefault();
    }

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", this::handle);
        server.start();
    }

    @AfterEach
    void stopServer() {
        release.countDown();
        if (model != null) model.close();
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        received.add(new Received(exchange.getRequestURI().getPath(),
                exchange.getRequestHeaders().getFirst("Authorization"),
                exchange.getRequestHeaders().getFirst("Content-Type"),
                json.readValue(body, JsonNode.class)));
        Answer answer = answers.size() > 1 ? answers.poll() : answers.peek();
        if (answer == null) answer = new Answer(200, completion(REPLY), Map.of());
        if (answer.status() == 0) {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
            return;
        }
        byte[] out = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        answer.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
        exchange.sendResponseHeaders(answer.status(), out.length);
        exchange.getResponseBody().write(out);
        exchange.close();
    }

    /** A response shaped as vLLM and OpenAI send it. */
    private static String completion(String content) {
        String escaped = content.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
        return """
                {"id":"chatcmpl-8f2c","object":"chat.completion","created":1732330000,"model":"llava-1.5-7b",
                 "choices":[{"index":0,"message":{"role":"assistant","content":"%s","tool_calls":[]},
                 "logprobs":null,"finish_reason":"stop","stop_reason":null}],
                 "usage":{"prompt_tokens":612,"total_tokens":660,"completion_tokens":48}}""".formatted(escaped);
    }

    private URI base(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    private OpenAiChatPromptModel model(String path, String apiKey, Duration timeout, int maxRetries) {
        model = new OpenAiChatPromptModel(new MllmSettings(base(path), "llava-1.5-7b", apiKey, timeout, maxRetries),
                json, Duration.ofMillis(5));
        return model;
    }

    private OpenAiChatPromptModel model(int maxRetries) {
        return model("/v1", null, Duration.ofSeconds(5), maxRetries);
    }

    private static PromptRequest textOnly(String text) {
        return new PromptRequest(text, Task.GENERATE, List.of(), List.of(), null);
    }

    @Test
    void sendsModelHistoryImageAndAuthorisation() {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3};
        PromptRequest request = new PromptRequest("something like this but at night", Task.SIMILAR,
                List.of(new ImageInput(png, "image/png")),
                List.of(new HistoryTurn(true, "draw a cabin", List.of()),
                        new HistoryTurn(false, "Here it is!", List.of("a log cabin in a forest"))),
                "a log cabin in a forest");

        String reply = model("/v1", "sk-test", Duration.ofSeconds(5), 0).reply(request);

        assertThat(reply).isEqualTo(REPLY);
        Received r = received.getFirst();
        assertThat(r.path()).isEqualTo("/v1/chat/completions");
        assertThat(r.authorization()).isEqualTo("Bearer sk-test");
        assertThat(r.contentType()).isEqualTo("application/json");
        assertThat(r.body().get("model").getStringValue()).isEqualTo("llava-1.5-7b");
        assertThat(r.body().get("temperature").getDoubleValue()).isBetween(0.0, 1.0);
        List<JsonNode> messages = list(r.body().get("messages"));
        assertThat(messages).extracting(m -> m.get("role").getStringValue())
                .containsExactly("system", "user", "assistant", "user");
        assertThat(messages.get(0).get("content").getStringValue())
                .contains("<gen_image>", "</gen_image>", "a log cabin in a forest");
        assertThat(messages.get(1).get("content").getStringValue()).isEqualTo("draw a cabin");
        assertThat(messages.get(2).get("content").getStringValue())
                .isEqualTo("Here it is!\n<gen_image>a log cabin in a forest</gen_image>");
        List<JsonNode> parts = list(messages.get(3).get("content"));
        assertThat(parts.get(0).get("type").getStringValue()).isEqualTo("text");
        assertThat(parts.get(0).get("text").getStringValue()).isEqualTo("something like this but at night");
        assertThat(parts.get(1).get("type").getStringValue()).isEqualTo("image_url");
        assertThat(parts.get(1).get("image_url").get("url").getStringValue())
                .isEqualTo("data:image/png;base64," + Base64.getEncoder().encodeToString(png));
    }

    @Test
    void aChosenStyleIsToldToTheModelSoItAddsNoLookOfItsOwn() {
        model(0).reply(new PromptRequest("draw a castle", Task.GENERATE, List.of(), List.of(), null, "watercolor"));
        model(0).reply(textOnly("draw a castle"));

        String styled = list(received.get(0).body().get("messages")).getFirst().get("content").getStringValue();
        String plain = list(received.get(1).body().get("messages")).getFirst().get("content").getStringValue();
        assertThat(styled).contains("style preset \"watercolor\"").contains("add no medium, art style");
        assertThat(plain).doesNotContain("style preset");
    }

    @Test
    void textOnlyTurnSendsPlainContentAndNoAuthorisationWithoutAKey() {
        model(0).reply(textOnly("draw a castle"));

        Received r = received.getFirst();
        assertThat(r.authorization()).isNull();
        JsonNode last = list(r.body().get("messages")).getLast();
        assertThat(last.get("content").isString()).isTrue();
        assertThat(last.get("content").getStringValue()).isEqualTo("draw a castle");
    }

    @Test
    void baseUrlWorksWithAndWithoutV1() {
        model("", null, Duration.ofSeconds(5), 0).reply(textOnly("a"));
        model.close();
        model("/v1/", null, Duration.ofSeconds(5), 0).reply(textOnly("a"));
        model.close();
        model("/api/v1", null, Duration.ofSeconds(5), 0).reply(textOnly("a"));

        assertThat(received).extracting(Received::path)
                .containsExactly("/v1/chat/completions", "/v1/chat/completions", "/api/v1/chat/completions");
    }

    @Test
    void retriesA503ThenSucceeds() {
        answers.add(new Answer(503, "{\"error\":{\"message\":\"model is loading\"}}", Map.of("Retry-After", "0")));
        answers.add(new Answer(200, completion(REPLY), Map.of()));

        assertThat(model(2).reply(textOnly("a fox"))).isEqualTo(REPLY);
        assertThat(received).hasSize(2);
    }

    @Test
    void retriesA429() {
        answers.add(new Answer(429, "{\"error\":{\"message\":\"slow down\"}}", Map.of("Retry-After", "0")));
        answers.add(new Answer(200, completion(REPLY), Map.of()));

        assertThat(model(1).reply(textOnly("a fox"))).isEqualTo(REPLY);
        assertThat(received).hasSize(2);
    }

    @Test
    void givesUpAfterMaxRetries() {
        answers.add(new Answer(502, "<html>Bad Gateway</html>", Map.of()));

        assertThatThrownBy(() -> model(2).reply(textOnly("a fox")))
                .isInstanceOf(PromptModelException.class)
                .hasMessageContaining("answered 502")
                .hasMessageContaining("Bad Gateway")
                .hasMessageContaining("3 attempts");
        assertThat(received).hasSize(3);
    }

    @Test
    void doesNotRetryABadRequest() {
        answers.add(new Answer(400, "{\"object\":\"error\",\"message\":\"x\",\"error\":{\"message\":"
                + "\"This model's maximum context length is 4096 tokens\",\"type\":\"BadRequestError\"}}", Map.of()));

        assertThatThrownBy(() -> model(3).reply(textOnly("a fox")))
                .isInstanceOf(PromptModelException.class)
                .hasMessage("MLLM at " + base("/v1/chat/completions") + " answered 400: "
                        + "This model's maximum context length is 4096 tokens");
        assertThat(received).hasSize(1);
    }

    @Test
    void unauthorisedSaysSoWithoutLeakingTheKey() {
        answers.add(new Answer(401, "{\"error\":{\"message\":\"Incorrect API key provided\"}}", Map.of()));

        assertThatThrownBy(() -> model("/v1", "sk-secret", Duration.ofSeconds(5), 3).reply(textOnly("a fox")))
                .isInstanceOf(PromptModelException.class)
                .hasMessageContaining("answered 401: Incorrect API key provided")
                .message().doesNotContain("sk-secret");
        assertThat(received).hasSize(1);
    }

    @Test
    void timesOutOnAServerThatNeverAnswers() {
        answers.add(new Answer(0, "", Map.of()));
        long start = System.nanoTime();

        assertThatThrownBy(() -> model("/v1", null, Duration.ofMillis(300), 2).reply(textOnly("a fox")))
                .isInstanceOf(PromptModelException.class)
                .hasMessageContaining("did not answer within 300 ms");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThat(received).hasSize(1);
    }

    @Test
    void retriesWhenTheServerCannotBeReachedThenGivesUp() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        model = new OpenAiChatPromptModel(new MllmSettings(URI.create("http://127.0.0.1:" + closedPort + "/v1"),
                "llava", null, Duration.ofSeconds(2), 2), json, Duration.ofMillis(5));

        assertThatThrownBy(() -> model.reply(textOnly("a fox")))
                .isInstanceOf(PromptModelException.class)
                .hasMessageContaining("could not be reached")
                .hasMessageContaining("3 attempts");
    }

    @Test
    void replyWithoutContentIsAnError() {
        answers.add(new Answer(200, "{\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":null}}]}",
                Map.of()));

        assertThatThrownBy(() -> model(2).reply(textOnly("a fox")))
                .isInstanceOf(PromptModelException.class)
                .hasMessageContaining("without choices[0].message.content");
        assertThat(received).hasSize(1);
    }

    @Test
    void retryAfterReadsSecondsAndDatesAndIsCapped() {
        assertThat(OpenAiChatPromptModel.retryAfter("2")).isEqualTo(Duration.ofSeconds(2));
        assertThat(OpenAiChatPromptModel.retryAfter("86400")).isEqualTo(OpenAiChatPromptModel.MAX_BACKOFF);
        assertThat(OpenAiChatPromptModel.retryAfter("Wed, 21 Oct 2015 07:28:00 GMT")).isEqualTo(Duration.ZERO);
        assertThat(OpenAiChatPromptModel.retryAfter("soon")).isNull();
        assertThat(OpenAiChatPromptModel.retryAfter(null)).isNull();
    }

    @Test
    void nameCarriesTheModel() {
        assertThat(model(0).name()).isEqualTo("openai:llava-1.5-7b");
    }

    @Test
    void settingsNeverPrintTheKey() {
        MllmSettings settings = new MllmSettings(base("/v1"), "m", "sk-secret", null, 0);

        assertThat(settings.toString()).doesNotContain("sk-secret");
        assertThat(settings.timeout()).isEqualTo(MllmSettings.DEFAULT_TIMEOUT);
    }

    private static List<JsonNode> list(JsonNode array) {
        List<JsonNode> out = new ArrayList<>();
        array.values().forEach(out::add);
        return out;
    }
}
