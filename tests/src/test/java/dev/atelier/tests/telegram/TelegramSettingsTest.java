package dev.atelier.tests.telegram;

import dev.atelier.core.conversation.Turn;
import dev.atelier.core.image.GenerationSettings;
import dev.atelier.tests.support.RunningAtelier;
import dev.atelier.tests.telegram.FakeTelegram.Call;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.atelier.tests.telegram.Seen.TURN;
import static dev.atelier.tests.telegram.Seen.awaitPhotos;
import static dev.atelier.tests.telegram.Seen.buttons;
import static dev.atelier.tests.telegram.Seen.texts;
import static dev.atelier.tests.telegram.Seen.userTurns;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code /settings}: a person's own steps, shape, style and seed, set with buttons or typed. */
@DisplayName("Telegram: /settings")
class TelegramSettingsTest {

    private static FakeTelegram telegram;
    private static RunningAtelier atelier;

    @BeforeAll
    static void start() {
        telegram = new FakeTelegram();
        Map<String, Object> settings = new HashMap<>(TelegramAteliers.settings(telegram));
        // Room for a 16:9 shape at about the default pixel count
        settings.put("atelier.generation.default-width", 128);
        settings.put("atelier.generation.default-height", 128);
        atelier = RunningAtelier.onTestServers(settings);
    }

    @AfterAll
    static void stop() {
        if (atelier != null) atelier.close();
        if (telegram != null) telegram.close();
    }

    @Test
    void buttonsChangeThePersonsSettingsAndTheirNextPicturesFollowThem() {
        long chat = 9_401;
        // GIVEN the settings panel
        telegram.deliver(telegram.textMessage(chat, "/settings"));
        telegram.await("the panel", TURN, () -> !telegram.calls("sendMessage", c -> c.chatId() == chat).isEmpty());
        Call panel = telegram.calls("sendMessage", c -> c.chatId() == chat).getFirst();
        assertThat(panel.param("text")).contains("Steps: 30 (default)", "Style: none", "Seed: a new one each time");
        Map<String, String> buttons = buttons(panel);
        assertThat(buttons.keySet()).contains("10 steps", "16:9", "✓ no style", "anime", "🎲 new seed each time".replace("🎲", "✓ 🎲"));
        assertThat(buttons.values()).allSatisfy(d -> assertThat(d.getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
                .isLessThanOrEqualTo(64));

        // WHEN the person presses 10 steps, 16:9 and anime
        for (String label : List.of("10 steps", "16:9", "anime")) {
            var press = telegram.buttonPress(chat, panel.resultMessageId(), buttons.get(label));
            telegram.deliver(press);
            telegram.await("the toast", TURN, () -> telegram.calls("answerCallbackQuery", c -> true).stream()
                    .anyMatch(c -> c.param("callback_query_id").equals(callbackId(press))));
        }

        // THEN each press was saved and the panel redrawn with the choice marked
        telegram.await("three redraws", TURN, () -> telegram.calls("editMessageText", c -> c.chatId() == chat).size() == 3);
        Call last = telegram.calls("editMessageText", c -> c.chatId() == chat).getLast();
        assertThat(last.param("message_id")).isEqualTo(String.valueOf(panel.resultMessageId()));
        assertThat(last.param("text")).contains("Steps: 10", "Shape: 16:9", "Style: anime");
        assertThat(buttons(last).keySet()).contains("✓ 10 steps", "✓ 16:9", "✓ anime", "no style");

        // AND their next picture is made with them
        telegram.deliver(telegram.textMessage(chat, "a fox in the snow"));
        awaitPhotos(telegram, chat, 1);
        GenerationSettings used = userTurns(atelier, String.valueOf(chat)).getFirst().settings();
        assertThat(used.steps()).isEqualTo(10);
        assertThat(used.style()).isEqualTo("anime");
        assertThat((double) used.width() / used.height()).isBetween(1.6, 1.9);
    }

    @Test
    void typedSettingsAreCheckedAndAFixedSeedMakesTheSamePictureAgain() {
        long chat = 9_402;
        telegram.deliver(telegram.textMessage(chat, "/settings steps 100000"));
        telegram.await("the refusal", TURN, () -> texts(telegram, chat).size() == 1);
        assertThat(texts(telegram, chat).getFirst()).startsWith("steps must be between 1 and");

        telegram.deliver(telegram.textMessage(chat, "/settings seed 4242"));
        telegram.await("the panel", TURN, () -> texts(telegram, chat).size() == 2);
        assertThat(texts(telegram, chat).get(1)).contains("Seed: 4242");

        telegram.deliver(telegram.textMessage(chat, "/reset"), telegram.textMessage(chat, "a lighthouse at dusk"));
        awaitPhotos(telegram, chat, 1);
        telegram.deliver(telegram.textMessage(chat, "/reset"), telegram.textMessage(chat, "a lighthouse at dusk"));
        List<Call> photos = awaitPhotos(telegram, chat, 2);
        assertThat(photos.get(1).file("photo")).isEqualTo(photos.get(0).file("photo"));
        List<Turn> turns = userTurns(atelier, String.valueOf(chat));
        assertThat(turns.getFirst().settings().seed()).isEqualTo(4242);
    }

    @SuppressWarnings("unchecked")
    private static String callbackId(Map<String, Object> update) {
        return (String) ((Map<String, Object>) update.get("callback_query")).get("id");
    }
}
