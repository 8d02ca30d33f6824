package dev.atelier.tests.telegram;

import com.sun.net.httpserver.HttpServer;
import dev.atelier.tests.support.RunningAtelier;
import dev.atelier.tests.telegram.FakeTelegram.Call;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The status message's progress bar. The prompt model here answers only once the status message
 * is out, so the job's steps run while there is a message to edit, however slow the machine.
 */
@DisplayName("A Telegram status message shows the job's progress")
class TelegramProgressTest {

    private static final long CHAT = 9_101;

    @Test
    void theStatusMessageIsEditedWithAGrowingProgressBarAndRemovedWhenThePhotoArrives() throws Exception {
        try (FakeTelegram telegram = new FakeTelegram()) {
            HttpServer model = gatedModel(telegram, CHAT);
            Map<String, Object> settings = new HashMap<>(TelegramAteliers.settings(telegram));
            settings.put("atelier.mllm.url", "http://127.0.0.1:" + model.getAddress().getPort() + "/v1");
            try (RunningAtelier atelier = RunningAtelier.onTestServers(settings)) {
                telegram.deliver(telegram.textMessage(CHAT, "a lighthouse on a cliff"));

                telegram.await("the photo", Duration.ofSeconds(60),
                        () -> telegram.calls("sendPhoto", c -> c.chatId() == CHAT && c.result() != null).size() == 1);
                Call status = telegram.calls("sendMessage", c -> c.chatId() == CHAT).getFirst();
                List<Call> edits = telegram.calls("editMessageText", c -> c.chatId() == CHAT);
                assertThat(edits).isNotEmpty().allSatisfy(e -> {
                    assertThat(e.param("message_id")).isEqualTo(String.valueOf(status.resultMessageId()));
                    assertThat(e.param("text")).matches("Painting… ▓+░* \\d+%");
                });
                // At most one edit per 10 %: a long job never hits Telegram's flood limits.
                assertThat(edits).hasSizeLessThanOrEqualTo(10);
                List<Integer> percents = edits.stream()
                        .map(e -> Integer.parseInt(e.param("text").replaceAll("\\D+", ""))).toList();
                assertThat(percents).isSorted();
                // Previews off (ATELIER_PREVIEW_EVERY=0): the status message stays text, the one photo is the result.
                assertThat(telegram.calls("editMessageMedia", c -> c.chatId() == CHAT)).isEmpty();
                assertThat(telegram.calls("sendPhoto", c -> c.chatId() == CHAT)).hasSize(1);
                telegram.await("the status message removed", Duration.ofSeconds(10), () -> !telegram.calls("deleteMessage",
                        c -> c.param("message_id").equals(String.valueOf(status.resultMessageId()))).isEmpty());
            } finally {
                model.stop(0);
            }
        }
    }

    /** An OpenAI-compatible model that replies only after the bot's status message went out. */
    static HttpServer gatedModel(FakeTelegram telegram, long chat) throws Exception {
        HttpServer model = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        model.createContext("/v1/chat/completions", exchange -> {
            exchange.getRequestBody().readAllBytes();
            telegram.await("the status message", Duration.ofSeconds(30),
                    () -> !telegram.calls("sendMessage", c -> c.chatId() == chat).isEmpty());
            try {
                // The fake records the call before it answers: give the bot time to note the message id.
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] body = ("{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"model\":\"llava\",\"choices\":[{\"index\":0,"
                    + "\"message\":{\"role\":\"assistant\",\"content\":\"Here it is.\\n<gen_image>a lighthouse on a cliff, "
                    + "stormy sea, oil painting</gen_image>\"},\"finish_reason\":\"stop\"}]}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        model.start();
        return model;
    }
}
