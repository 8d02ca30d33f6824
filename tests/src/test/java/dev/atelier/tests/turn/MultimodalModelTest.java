package dev.atelier.tests.turn;

import com.sun.net.httpserver.HttpServer;
import dev.atelier.tests.support.Api;
import dev.atelier.tests.support.RunningAtelier;
import io.micronaut.core.type.Argument;
import io.micronaut.serde.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("With MLLM_URL set, the multimodal model writes the prompts")
class MultimodalModelTest {

    private static final String REPLY = "Two takes on your harbour!\\n<gen_image>a quiet harbour at dawn, "
            + "fishing boats, soft mist, watercolor</gen_image> and <gen_image>a busy harbour at noon, "
            + "cranes and container ships, photograph</gen_image>";

    private static HttpServer fakeModel;
    private static final List<Map<String, Object>> requests = new CopyOnWriteArrayList<>();
    private static RunningAtelier atelier;

    @BeforeAll
    static void start() throws Exception {
        // A fake OpenAI-compatible server on loopback, answering as vLLM or Ollama would.
        fakeModel = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        fakeModel.createContext("/v1/chat/completions", exchange -> {
            requests.add(ObjectMapper.getDefault().readValue(exchange.getRequestBody().readAllBytes(),
                    Argument.mapOf(String.class, Object.class)));
            byte[] body = ("{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"model\":\"llava\",\"choices\":[{\"index\":0,"
                    + "\"message\":{\"role\":\"assistant\",\"content\":\"" + REPLY + "\"},\"finish_reason\":\"stop\"}]}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        fakeModel.start();
        atelier = RunningAtelier.onTestServers(Map.of(
                "atelier.mllm.url", "http://127.0.0.1:" + fakeModel.getAddress().getPort() + "/v1",
                "atelier.mllm.model", "llava"));
    }

    @AfterAll
    static void stop() {
        atelier.close();
        fakeModel.stop(0);
    }

    @Test
    @SuppressWarnings("unchecked")
    void eachGenImageSpanOfTheModelsReplyBecomesAPromptAndAnImage() throws Exception {
        Api api = atelier.api();
        String conversation = api.createConversation();
        Map<String, Object> job = api.turn(conversation, Map.of("text", "a harbour, like this", "width", "64",
                "height", "64", "steps", "2", "image", new Api.FilePart("ref.png", "image/png", png())));

        assertThat(job.get("status")).as("%s", job).isEqualTo("done");
        assertThat((List<String>) job.get("prompts")).containsExactly(
                "a quiet harbour at dawn, fishing boats, soft mist, watercolor",
                "a busy harbour at noon, cranes and container ships, photograph");
        assertThat((List<String>) job.get("images")).hasSize(2).doesNotHaveDuplicates();
        assertThat((String) job.get("text")).startsWith("Two takes on your harbour!").doesNotContain("gen_image");

        // The model was asked with the user's words and the attached image as a data URL.
        Map<String, Object> request = requests.getLast();
        assertThat(request.get("model")).isEqualTo("llava");
        String messages = ObjectMapper.getDefault().writeValueAsString(request.get("messages"));
        assertThat(messages).contains("a harbour, like this").contains("data:image/png;base64,").contains("gen_image");
    }

    private static byte[] png() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB), "png", out);
        return out.toByteArray();
    }
}
