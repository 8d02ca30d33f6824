package dev.atelier.discord;

import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DiscordConfigTest {

    @Test
    void withoutATokenTheBotIsOff() {
        try (ApplicationContext context = ApplicationContext.run(settings(""))) {
            assertThat(context.containsBean(DiscordConfig.class)).isFalse();
        }
    }

    @Test
    void theRestBaseGetsTheTrailingSlashJdaExpects() {
        Map<String, Object> p = settings("abc.def.ghi");
        p.put("atelier.discord.api-url", "http://127.0.0.1:8081/api/v10");
        try (ApplicationContext context = ApplicationContext.run(p)) {
            DiscordConfig config = context.getBean(DiscordConfig.class);
            assertThat(config.restBase()).isEqualTo("http://127.0.0.1:8081/api/v10/");
            assertThat(config.hasGateway()).isFalse();
            assertThat(config.hasGuild()).isFalse();
        }
    }

    @Test
    void aGuildAndAGatewayAreUsedWhenGiven() {
        Map<String, Object> p = settings("abc.def.ghi");
        p.put("atelier.discord.guild-id", "987654321098765432");
        p.put("atelier.discord.gateway-url", "ws://127.0.0.1:9/gateway");
        try (ApplicationContext context = ApplicationContext.run(p)) {
            DiscordConfig config = context.getBean(DiscordConfig.class);
            assertThat(config.hasGuild()).isTrue();
            assertThat(config.hasGateway()).isTrue();
        }
    }

    private static Map<String, Object> settings(String token) {
        Map<String, Object> p = new HashMap<>();
        p.put("atelier.discord.token", token);
        p.put("atelier.discord.api-url", "https://discord.com/api/v10/");
        p.put("atelier.discord.progress-interval", "1s");
        p.put("atelier.discord.sweep-interval", "30s");
        // No bot-core beans here: keep the bot itself out, only its configuration is under test.
        p.put("atelier.role", "worker");
        return p;
    }
}
