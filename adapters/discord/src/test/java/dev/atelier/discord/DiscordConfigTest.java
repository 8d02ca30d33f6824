package dev.atelier.discord;

import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

    @Test
    void emptyShardSettingsLeaveTheCountToDiscordAndTheDefaultsHold() {
        Map<String, Object> p = settings("abc.def.ghi");
        p.put("atelier.discord.shards", "");
        p.put("atelier.discord.shard-range", "");
        p.put("atelier.discord.public-key", "");
        try (ApplicationContext context = ApplicationContext.run(p)) {
            DiscordConfig config = context.getBean(DiscordConfig.class);
            assertThat(config.shards()).isNull();
            assertThat(config.hasShardRange()).isFalse();
            assertThat(config.hasPublicKey()).isFalse();
            assertThat(config.uploadLimitBytes()).isEqualTo(10L * 1024 * 1024);
            assertThat(config.tokenLifetime()).isEqualTo(java.time.Duration.ofMinutes(15));
        }
    }

    @Test
    void aShardRangeIsReadAndOneWithoutACountOrPastItIsRefusedAtStart() {
        Map<String, Object> p = settings("abc.def.ghi");
        p.put("atelier.discord.shards", "4");
        p.put("atelier.discord.shard-range", "2-3");
        try (ApplicationContext context = ApplicationContext.run(p)) {
            assertThat(context.getBean(DiscordConfig.class).shardRangeBounds()).containsExactly(2, 3);
        }
        p.put("atelier.discord.shard-range", "2-4");
        try (ApplicationContext context = ApplicationContext.run(p)) {
            assertThatThrownBy(() -> context.getBean(DiscordConfig.class)).hasStackTraceContaining("past the last shard");
        }
        p.remove("atelier.discord.shards");
        p.put("atelier.discord.shard-range", "0-1");
        try (ApplicationContext context = ApplicationContext.run(p)) {
            assertThatThrownBy(() -> context.getBean(DiscordConfig.class)).hasStackTraceContaining("needs DISCORD_SHARDS");
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
