package dev.atelier.telegram;

import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TelegramConfigTest {

    @Test
    void withoutATokenTheBotIsOff() {
        try (ApplicationContext context = ApplicationContext.run(settings(""))) {
            assertThat(context.containsBean(TelegramConfig.class)).isFalse();
        }
    }

    @Test
    void webhookModeWithoutItsUrlOrSecretStopsTheStartNamingWhatToSet() {
        Map<String, Object> p = settings("123:abc");
        p.put("atelier.telegram.mode", "webhook");
        p.put("atelier.telegram.webhook-secret", "a-secret");
        try (ApplicationContext context = ApplicationContext.run(p)) {
            assertThatThrownBy(() -> context.getBean(TelegramConfig.class))
                    .hasStackTraceContaining("TELEGRAM_WEBHOOK_URL");
        }
        p.put("atelier.telegram.webhook-url", "https://atelier.example/webhooks/telegram");
        p.remove("atelier.telegram.webhook-secret");
        try (ApplicationContext context = ApplicationContext.run(p)) {
            assertThatThrownBy(() -> context.getBean(TelegramConfig.class))
                    .hasStackTraceContaining("TELEGRAM_WEBHOOK_SECRET");
        }
        // Telegram itself refuses a secret with other characters: refused here, where it is clear why.
        p.put("atelier.telegram.webhook-secret", "not allowed!");
        try (ApplicationContext context = ApplicationContext.run(p)) {
            assertThatThrownBy(() -> context.getBean(TelegramConfig.class))
                    .hasStackTraceContaining("TELEGRAM_WEBHOOK_SECRET");
        }
    }

    @Test
    void webhookModeWithItsUrlAndSecretIsAccepted() {
        Map<String, Object> p = settings("123:abc");
        p.put("atelier.telegram.mode", "webhook");
        p.put("atelier.telegram.webhook-url", "https://atelier.example/webhooks/telegram");
        p.put("atelier.telegram.webhook-secret", "a_Secret-1");
        try (ApplicationContext context = ApplicationContext.run(p)) {
            assertThat(context.getBean(TelegramConfig.class).webhook()).isTrue();
        }
    }

    @Test
    void anUnknownModeIsRefused() {
        Map<String, Object> p = settings("123:abc");
        p.put("atelier.telegram.mode", "push");
        try (ApplicationContext context = ApplicationContext.run(p)) {
            assertThatThrownBy(() -> context.getBean(TelegramConfig.class))
                    .hasStackTraceContaining("must be polling or webhook");
        }
    }

    @Test
    void theBaseUrlLosesItsTrailingSlash() {
        Map<String, Object> p = settings("123:abc");
        p.put("atelier.telegram.api-url", "http://127.0.0.1:8081/");
        try (ApplicationContext context = ApplicationContext.run(p)) {
            TelegramConfig config = context.getBean(TelegramConfig.class);
            assertThat(config.apiBase().toString()).isEqualTo("http://127.0.0.1:8081");
            assertThat(BotApi.telegramUrl(config.apiBase()).getPort()).isEqualTo(8081);
        }
    }

    private static Map<String, Object> settings(String token) {
        Map<String, Object> p = new HashMap<>();
        p.put("atelier.telegram.token", token);
        p.put("atelier.telegram.api-url", "https://api.telegram.org");
        p.put("atelier.telegram.mode", "polling");
        p.put("atelier.telegram.poll-timeout", 50);
        p.put("atelier.telegram.progress-interval", "1s");
        p.put("atelier.telegram.sweep-interval", "30s");
        // No bot-core beans here: keep the bot itself out, only its configuration is under test.
        p.put("atelier.role", "worker");
        return p;
    }
}
