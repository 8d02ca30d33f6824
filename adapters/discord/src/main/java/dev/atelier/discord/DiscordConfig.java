package dev.atelier.discord;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import java.time.Duration;

/**
 * The Discord bot ({@code atelier.discord.*}); present only when {@code DISCORD_TOKEN} is set.
 *
 * @param token            the bot token from the Discord developer portal
 * @param guildId          a guild to register the commands in (instant, for development); empty
 *                         registers them globally, which Discord may take a while to show
 * @param apiUrl           the REST base up to and including the version ({@code …/api/v10/}); a test fake
 * @param gatewayUrl       the gateway WebSocket to connect to; empty asks Discord ({@code gateway/bot})
 * @param progressInterval the least time between two progress edits of one reply
 * @param sweepInterval    how often finished jobs whose event was missed are looked for
 */
@ConfigurationProperties("atelier.discord")
@Requires(property = "atelier.discord.token", pattern = ".+")
public record DiscordConfig(@NotBlank String token, @Nullable String guildId, @NotBlank String apiUrl,
                            @Nullable String gatewayUrl,
                            @NotNull Duration progressInterval, @NotNull Duration sweepInterval) {

    /** JDA wants the REST base with a trailing slash. */
    public String restBase() {
        String u = apiUrl.strip();
        return u.endsWith("/") ? u : u + "/";
    }

    public boolean hasGuild() {
        return guildId != null && !guildId.isBlank();
    }

    public boolean hasGateway() {
        return gatewayUrl != null && !gatewayUrl.isBlank();
    }
}
