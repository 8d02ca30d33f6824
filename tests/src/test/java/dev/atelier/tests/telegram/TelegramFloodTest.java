package dev.atelier.tests.telegram;

import dev.atelier.tests.support.RunningAtelier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("On Telegram, a person flooding the bot is told once to slow down, and other chats go on")
class TelegramFloodTest {

    private static FakeTelegram telegram;
    private static RunningAtelier atelier;

    @BeforeAll
    static void start() {
        telegram = new FakeTelegram();
        Map<String, Object> settings = new HashMap<>(TelegramAteliers.settings(telegram));
        settings.put("atelier.limits.per-minute", 2);
        settings.put("atelier.limits.burst", 2);
        atelier = RunningAtelier.onTestServers(settings);
    }

    @AfterAll
    static void stop() {
        if (atelier != null) atelier.close();
        if (telegram != null) telegram.close();
    }

    @Test
    void aFloodGetsOneRefusalAndDoesNotHoldUpAnotherChat() throws Exception {
        // GIVEN a limit of a burst of 2 messages per person
        long flooder = 9_301;
        long other = 9_302;

        // WHEN one person sends 40 messages at once, and then someone else writes
        for (int i = 0; i < 40; i++) telegram.deliver(telegram.textMessage(flooder, "a red fox number " + i));
        telegram.deliver(telegram.textMessage(other, "a lighthouse at dusk"));

        // THEN the other person gets their picture
        telegram.await("the other chat's photo", Duration.ofSeconds(60),
                () -> !telegram.calls("sendPhoto", m -> m.chatId() == other).isEmpty());
        // AND the flooder gets the 2 pictures of the burst and one message saying when to come back,
        //     not 38 refusals
        telegram.await("the flooder's two photos", Duration.ofSeconds(60),
                () -> telegram.calls("sendPhoto", m -> m.chatId() == flooder).size() == 2);
        Thread.sleep(500); // any further refusal would be on its way by now
        var refusals = telegram.calls("sendMessage", m -> m.chatId() == flooder
                && m.param("text") != null && m.param("text").contains("too fast"));
        assertThat(refusals).as("refusals: %s", refusals).hasSize(1);
        assertThat(telegram.calls("sendPhoto", m -> m.chatId() == flooder)).hasSize(2);
    }
}
