package dev.atelier.telegram;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Requires;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import java.net.URI;
import java.time.Duration;

/**
 * The Telegram bot ({@code atelier.telegram.*}); present only when {@code TELEGRAM_TOKEN} is set.
 *
 * @param token            the bot token from @BotFather
 * @param apiUrl           the Bot API base URL: the public one, a self-hosted Bot API server, or a test fake
 * @param mode             {@code polling}; webhook mode is not built yet, so nothing else is accepted
 * @param pollTimeout      how long one getUpdates call waits for news (Telegram allows up to 50 s)
 * @param progressInterval the least time between two edits of a status message (flood limits)
 * @param sweepInterval    how often finished jobs whose event was missed are looked for
 */
@ConfigurationProperties("atelier.telegram")
@Requires(property = "atelier.telegram.token", pattern = ".+")
public record TelegramConfig(@NotBlank String token, @NotBlank String apiUrl,
                             @NotBlank @Pattern(regexp = "polling", message = "only polling is supported so far") String mode,
                             @NotNull @Min(0) @Max(50) Integer pollTimeout, @NotNull Duration progressInterval,
                             @NotNull Duration sweepInterval) {

    /** The Bot API base as a URI without a trailing slash. */
    public URI apiBase() {
        String u = apiUrl.strip();
        return URI.create(u.endsWith("/") ? u.substring(0, u.length() - 1) : u);
    }
}
