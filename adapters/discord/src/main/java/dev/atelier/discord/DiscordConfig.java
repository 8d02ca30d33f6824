package dev.atelier.discord;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

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
 * @param publicKey        the application's public key (hex, from the developer portal): turns on
 *                         HTTP interactions at {@code POST /webhooks/discord}; empty leaves them off
 * @param uploadLimitBytes the most a result may weigh; bigger ones are re-encoded to JPEG to fit
 *                         (Discord's limit without boosts is 10 MiB)
 * @param tokenLifetime    how long an interaction's token can edit its reply (Discord: 15 minutes);
 *                         a result after it is posted in the channel, mentioning the person
 * @param shards           how many shards the bot runs in all; empty asks Discord for its advice
 * @param shardRange       the shards this process runs, "first-last" (e.g. 0-3); empty runs them all
 */
@ConfigurationProperties("atelier.discord")
@Requires(property = "atelier.discord.token", pattern = ".+")
public record DiscordConfig(@NotBlank String token, @Nullable String guildId, @NotBlank String apiUrl,
                            @Nullable String gatewayUrl,
                            @NotNull Duration progressInterval, @NotNull Duration sweepInterval,
                            @Nullable String publicKey,
                            @Bindable(defaultValue = "10485760") @Positive long uploadLimitBytes,
                            @Bindable(defaultValue = "15m") @NotNull Duration tokenLifetime,
                            @Nullable @Positive Integer shards, @Nullable String shardRange) {

    /** Validated when the bean is made, so a bad range stops the start with a clear message. */
    public DiscordConfig {
        if (shardRange != null && !shardRange.isBlank()) {
            int[] r = parseRange(shardRange);
            if (shards == null) throw new IllegalArgumentException("DISCORD_SHARD_RANGE needs DISCORD_SHARDS (the count in all)");
            if (r[1] >= shards) throw new IllegalArgumentException("DISCORD_SHARD_RANGE " + shardRange
                    + " goes past the last shard (" + (shards - 1) + ")");
        }
    }

    public boolean hasPublicKey() {
        return publicKey != null && !publicKey.isBlank();
    }

    /** The first and last shard of {@link #shardRange}. */
    public int[] shardRangeBounds() {
        return parseRange(shardRange);
    }

    public boolean hasShardRange() {
        return shardRange != null && !shardRange.isBlank();
    }

    private static int[] parseRange(String range) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\s*(\\d{1,5})\\s*-\\s*(\\d{1,5})\\s*").matcher(range);
        if (!m.matches() || Integer.parseInt(m.group(1)) > Integer.parseInt(m.group(2))) {
            throw new IllegalArgumentException("DISCORD_SHARD_RANGE must read first-last, e.g. 0-3; got '" + range + "'");
        }
        return new int[]{Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))};
    }

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
