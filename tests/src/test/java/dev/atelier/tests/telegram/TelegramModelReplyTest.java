package dev.atelier.tests.telegram;

import com.sun.net.httpserver.HttpServer;
import dev.atelier.tests.support.RunningAtelier;
import dev.atelier.tests.telegram.FakeTelegram.Call;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What a Telegram user sees of a multimodal model's reply: long prompts, several pictures. */
@DisplayName("A prompt model's reply as Telegram photos")
class TelegramModelReplyTest {

    /** Longer than Telegram's 1,024-character caption limit, shorter than Atelier's prompt cap. */
    private static final String LONG_PROMPT = "a harbour town at dusk, " + String.join(", ",
            Collections.nCopies(45, "lanterns on wet cobblestones"));
    private static final String REPLY = "Two takes!\\n<gen_image>" + LONG_PROMPT + "</gen_image> and "
            + "<gen_image>a quiet harbour at dawn, watercolor</gen_image>";

    private static HttpServer fakeModel;
    private static FakeTelegram telegram;
    private static RunningAtelier atelier;

    @BeforeAll
    static void start() throws Exception {
        fakeModel = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        fakeModel.createContext("/v1/chat/completions", exchange -> {
            exchange.getRequestBody().readAllBytes();
            byte[] body = ("{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"model\":\"llava\",\"choices\":[{\"index\":0,"
                    + "\"message\":{\"role\":\"assistant\",\"content\":\"" + REPLY + "\"},\"finish_reason\":\"stop\"}]}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        fakeModel.start();
        telegram = new FakeTelegram();
        Map<String, Object> settings = new HashMap<>(TelegramAteliers.settings(telegram));
        settings.put("atelier.mllm.url", "http://127.0.0.1:" + fakeModel.getAddress().getPort() + "/v1");
        settings.put("atelier.generation.default-steps", 4);
        atelier = RunningAtelier.onTestServers(settings);
    }

    @AfterAll
    static void stop() {
        if (atelier != null) atelier.close();
        if (telegram != null) telegram.close();
        if (fakeModel != null) fakeModel.stop(0);
    }

    @Test
    void eachPictureComesWithItsPromptAndALongPromptIsCutInTheCaptionAndSentWholeAfterIt() {
        long chat = 9_001;
        telegram.deliver(telegram.textMessage(chat, "a harbour, two ways"));

        telegram.await("two photos", Duration.ofSeconds(60),
                () -> telegram.calls("sendPhoto", c -> c.chatId() == chat && c.result() != null).size() == 2);
        List<Call> photos = telegram.calls("sendPhoto", c -> c.chatId() == chat);

        // The long prompt: cut at a word in the caption, whole in the message that follows it
        String caption = photos.getFirst().param("caption");
        assertThat(caption).hasSizeLessThanOrEqualTo(1024).endsWith("…");
        assertThat(LONG_PROMPT).startsWith(caption.substring(0, caption.length() - 1));
        List<Call> messages = telegram.calls("sendMessage", c -> c.chatId() == chat);
        assertThat(messages).extracting(c -> c.param("text")).contains("Full prompt:\n" + LONG_PROMPT);
        // The short one as it is; each picture's buttons act on that picture
        assertThat(photos.get(1).param("caption")).isEqualTo("a quiet harbour at dawn, watercolor");
        assertThat(variations(photos.getFirst())).endsWith(":0");
        assertThat(variations(photos.get(1))).endsWith(":1");
    }

    @SuppressWarnings("unchecked")
    private static String variations(Call photo) {
        var rows = (List<List<Map<String, Object>>>) photo.replyMarkup().get("inline_keyboard");
        return (String) rows.getFirst().get(1).get("callback_data");
    }
}
