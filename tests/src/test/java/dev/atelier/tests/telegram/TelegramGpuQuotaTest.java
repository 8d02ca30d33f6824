package dev.atelier.tests.telegram;

import dev.atelier.core.conversation.UserDirectory;
import dev.atelier.tests.support.RunningAtelier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("On Telegram, a person whose generation time for the day is used up is told so in the chat")
class TelegramGpuQuotaTest {

    private static FakeTelegram telegram;
    private static RunningAtelier atelier;

    @BeforeAll
    static void start() {
        telegram = new FakeTelegram();
        Map<String, Object> settings = new HashMap<>(TelegramAteliers.settings(telegram));
        settings.put("atelier.limits.gpu-seconds-per-day", 1);
        atelier = RunningAtelier.onTestServers(settings);
    }

    @AfterAll
    static void stop() {
        if (atelier != null) atelier.close();
        if (telegram != null) telegram.close();
    }

    @Test
    void theRefusalIsAPlainMessageSayingWhenTheDayEnds() throws Exception {
        // GIVEN Ada's jobs have used 1.5 seconds of generation today, over her 1
        long chat = 9_101;
        UUID ada = atelier.context().getBean(UserDirectory.class).resolve("telegram", String.valueOf(chat), "Ada");
        try (Connection c = atelier.context().getBean(DataSource.class).getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO quota_usage (user_id, day, gpu_ms) VALUES (?, ?, 1500)")) {
            ps.setObject(1, ada);
            ps.setObject(2, LocalDate.now(ZoneOffset.UTC));
            ps.executeUpdate();
        }

        // WHEN she writes to the bot
        telegram.deliver(telegram.textMessage(chat, "a lighthouse at dusk"));

        // THEN one message tells her why and when she can go on, and nothing is generated
        telegram.await("the refusal", Duration.ofSeconds(30),
                () -> !telegram.calls("sendMessage", m -> m.chatId() == chat).isEmpty());
        String text = telegram.calls("sendMessage", m -> m.chatId() == chat).getFirst().param("text");
        assertThat(text).startsWith("You have used your 1 second of generation time for today; more from 00:00 UTC (in ");
        // (the refusal comes before anything is stored: no job exists to make a photo)
        try (Connection c = atelier.context().getBean(DataSource.class).getConnection();
             var rs = c.createStatement().executeQuery("SELECT count(*) FROM jobs")) {
            rs.next();
            assertThat(rs.getLong(1)).isZero();
        }
        assertThat(telegram.calls("sendPhoto", m -> m.chatId() == chat)).isEmpty();
    }
}
