package dev.atelier.tests.telegram;

import dev.atelier.tests.support.RunningAtelier;
import dev.atelier.tests.telegram.FakeTelegram.Call;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("A result Telegram would refuse as a photo")
class TelegramDocumentTest {

    @Test
    void aPanoramaTooWideForAPhotoArrivesAsAFileWithItsPromptAndButtons() {
        long chat = 9_201;
        try (FakeTelegram telegram = new FakeTelegram()) {
            Map<String, Object> settings = new HashMap<>(TelegramAteliers.settings(telegram));
            // 2048 × 64: one side 32 times the other, past Telegram's 20 for photos.
            settings.put("atelier.generation.default-width", 2048);
            settings.put("atelier.generation.default-steps", 2);
            try (RunningAtelier atelier = RunningAtelier.onTestServers(settings)) {
                telegram.deliver(telegram.textMessage(chat, "a long panorama of a mountain range"));

                telegram.await("the file", Duration.ofSeconds(60),
                        () -> !telegram.calls("sendDocument", c -> c.chatId() == chat).isEmpty());
                Call document = telegram.calls("sendDocument", c -> c.chatId() == chat).getFirst();
                assertThat(new String(document.file("document"), 1, 3, StandardCharsets.ISO_8859_1)).isEqualTo("PNG");
                assertThat(document.param("caption")).contains("panorama");
                assertThat(document.replyMarkup()).containsKey("inline_keyboard");
                assertThat(telegram.calls("sendPhoto", c -> c.chatId() == chat)).isEmpty();
            }
        }
    }
}
