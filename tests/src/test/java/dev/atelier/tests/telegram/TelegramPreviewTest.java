package dev.atelier.tests.telegram;

import com.sun.net.httpserver.HttpServer;
import dev.atelier.tests.support.RunningAtelier;
import dev.atelier.tests.telegram.FakeTelegram.Call;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Previews in the status message: with ATELIER_PREVIEW_EVERY on, the status message becomes a
 * photo of the picture so far, replaced as the job goes on, and gives way to the result. The
 * prompt model answers only once the status message is out (as in {@link TelegramProgressTest}),
 * so the job's steps run while there is a status message to show them in.
 */
@DisplayName("A Telegram status message shows previews of the picture")
class TelegramPreviewTest {

    private static final long CHAT = 9_202;

    @Test
    void theStatusBecomesAPreviewPhotoThatIsReplacedAsTheJobRunsAndGivesWayToTheResult() throws Exception {
        try (FakeTelegram telegram = new FakeTelegram()) {
            HttpServer model = TelegramProgressTest.gatedModel(telegram, CHAT);
            Map<String, Object> settings = new HashMap<>(TelegramAteliers.settings(telegram));
            settings.put("atelier.mllm.url", "http://127.0.0.1:" + model.getAddress().getPort() + "/v1");
            // A preview every 3 of 120 steps; an edit is then due at every 10 % (12 steps) the bar
            // moves: long enough, even on a busy machine, for each edit to be out before the next
            // is due, so newer previews replace the photo.
            settings.put("atelier.generation.preview-every", 3);
            settings.put("atelier.generation.default-steps", 120);
            settings.put("atelier.telegram.progress-interval", "0ms");
            try (RunningAtelier atelier = RunningAtelier.onTestServers(settings)) {
                long sentAt = System.nanoTime();
                telegram.deliver(telegram.textMessage(CHAT, "a lighthouse on a cliff"));

                telegram.await("the result photo", Duration.ofSeconds(60), () -> !results(telegram).isEmpty());
                long resultMillis = (System.nanoTime() - sentAt) / 1_000_000;
                Call textStatus = telegram.calls("sendMessage", c -> c.chatId() == CHAT).getFirst();

                // WHILE the job ran: the status message became a photo of the picture so far, the progress its caption
                List<Call> photoStatuses = telegram.calls("sendPhoto", c -> c.chatId() == CHAT && c.replyMarkup().isEmpty());
                assertThat(photoStatuses).hasSize(1);
                Call photoStatus = photoStatuses.getFirst();
                assertThat(photoStatus.param("caption")).matches("Painting… [▓░]+ \\d+%");
                assertJpeg(photoStatus.file("photo"));
                // ... sent as the status message's successor: the text status was deleted
                assertThat(telegram.calls("deleteMessage", c -> c.param("message_id")
                        .equals(String.valueOf(textStatus.resultMessageId())))).isNotEmpty();

                // AND newer previews replaced the photo in place (editMessageMedia, uploaded as multipart)
                List<Call> mediaEdits = telegram.calls("editMessageMedia", c -> c.chatId() == CHAT);
                assertThat(mediaEdits).isNotEmpty().allSatisfy(e -> {
                    assertThat(e.param("message_id")).isEqualTo(String.valueOf(photoStatus.resultMessageId()));
                    assertThat(e.mediaCaption()).matches("Painting… [▓░]+ \\d+%");
                    assertJpeg(e.mediaFile());
                });
                // No progress edit after the photo went out tried to edit it as text.
                assertThat(telegram.calls("editMessageText", c -> c.param("message_id")
                        .equals(String.valueOf(photoStatus.resultMessageId())))).isEmpty();
                // Throttled as before: at most one progress call per 10 %.
                int progressCalls = telegram.calls("editMessageText", c -> c.chatId() == CHAT).size()
                        + photoStatuses.size() + mediaEdits.size()
                        + telegram.calls("editMessageCaption", c -> c.chatId() == CHAT).size();
                assertThat(progressCalls).isLessThanOrEqualTo(10);

                // THEN the result is its own photo: the PNG with the prompt as caption and the keyboard
                Call result = results(telegram).getFirst();
                assertThat(new String(result.file("photo"), 1, 3, StandardCharsets.ISO_8859_1)).isEqualTo("PNG");
                assertThat(result.param("caption")).contains("lighthouse");
                assertThat(result.replyMarkup().toString()).contains("Regenerate");
                // AND the preview photo is removed: no preview is left in the chat
                telegram.await("the preview photo removed", Duration.ofSeconds(10), () -> !telegram.calls("deleteMessage",
                        c -> c.param("message_id").equals(String.valueOf(photoStatus.resultMessageId()))).isEmpty());

                List<String> methods = new ArrayList<>();
                for (Call c : telegram.callsTo(CHAT)) methods.add(c.method());
                System.out.printf("Telegram turn with previews: result after %d ms; %d Bot API calls %s%n",
                        resultMillis, methods.size(), methods);
            } finally {
                model.stop(0);
            }
        }
    }

    @Test
    void whenTelegramRefusesThePreviewPhotoTheStatusStaysTextAndTheResultStillComes() throws Exception {
        try (FakeTelegram telegram = new FakeTelegram()) {
            HttpServer model = TelegramProgressTest.gatedModel(telegram, CHAT);
            Map<String, Object> settings = new HashMap<>(TelegramAteliers.settings(telegram));
            settings.put("atelier.mllm.url", "http://127.0.0.1:" + model.getAddress().getPort() + "/v1");
            settings.put("atelier.generation.preview-every", 3);
            settings.put("atelier.generation.default-steps", 120);
            settings.put("atelier.telegram.progress-interval", "0ms");
            // The first sendPhoto is the preview photo: Telegram fails it.
            telegram.failNext("sendPhoto", 1);
            try (RunningAtelier atelier = RunningAtelier.onTestServers(settings)) {
                telegram.deliver(telegram.textMessage(CHAT, "a lighthouse on a cliff"));

                telegram.await("the result photo", Duration.ofSeconds(60), () -> !results(telegram).isEmpty());
                Call textStatus = telegram.calls("sendMessage", c -> c.chatId() == CHAT).getFirst();
                assertThat(telegram.calls("sendPhoto", c -> c.chatId() == CHAT && c.result() == null)).hasSize(1);
                // The progress went on in the text status; no photo status to edit.
                assertThat(telegram.calls("editMessageText", c -> c.chatId() == CHAT)).isNotEmpty().allSatisfy(e ->
                        assertThat(e.param("message_id")).isEqualTo(String.valueOf(textStatus.resultMessageId())));
                assertThat(telegram.calls("editMessageMedia", c -> c.chatId() == CHAT)).isEmpty();
                telegram.await("the text status removed", Duration.ofSeconds(10), () -> !telegram.calls("deleteMessage",
                        c -> c.param("message_id").equals(String.valueOf(textStatus.resultMessageId()))).isEmpty());
            } finally {
                model.stop(0);
            }
        }
    }

    private static List<Call> results(FakeTelegram telegram) {
        return telegram.calls("sendPhoto", c -> c.chatId() == CHAT && c.result() != null && !c.replyMarkup().isEmpty());
    }

    private static void assertJpeg(byte[] bytes) {
        assertThat(bytes).isNotNull();
        assertThat(bytes[0] & 0xFF).isEqualTo(0xFF);
        assertThat(bytes[1] & 0xFF).isEqualTo(0xD8);
        try {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
            assertThat(image).isNotNull();
            assertThat(Math.max(image.getWidth(), image.getHeight())).isLessThanOrEqualTo(128);
        } catch (IOException e) {
            throw new AssertionError("not a decodable JPEG", e);
        }
    }
}
