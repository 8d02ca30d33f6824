package dev.atelier.telegram;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
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
 * @param mode             {@code polling} (getUpdates) or {@code webhook} (Telegram posts to us)
 * @param webhookUrl       webhook mode: the public URL Telegram posts updates to (ends in /webhooks/telegram)
 * @param webhookSecret    webhook mode: the secret Telegram sends back in X-Telegram-Bot-Api-Secret-Token
 * @param pollTimeout      how long one getUpdates call waits for news (Telegram allows up to 50 s)
 * @param progressInterval the least time between two edits of a status message (flood limits)
 * @param sweepInterval    how often finished jobs whose event was missed are looked for
 * @param albumWindow      how long the photos of one album (media group) are collected into one turn
 * @param chatActionInterval how often "sending a photo…" is shown again while a job runs (Telegram shows it ≤ 5 s)
 */
@ConfigurationProperties("atelier.telegram")
@Requires(property = "atelier.telegram.token", pattern = ".+")
public record TelegramConfig(@NotBlank String token, @NotBlank String apiUrl,
                             @NotBlank @Pattern(regexp = "polling|webhook", message = "must be polling or webhook") String mode,
                             @Nullable String webhookUrl, @Nullable String webhookSecret,
                             @NotNull @Min(0) @Max(50) Integer pollTimeout, @NotNull Duration progressInterval,
                             @NotNull Duration sweepInterval,
                             @Bindable(defaultValue = "1500ms") @NotNull Duration albumWindow,
                             @Bindable(defaultValue = "4s") @NotNull Duration chatActionInterval) {

    /** What Telegram accepts as a secret_token: 1 to 256 of these characters. */
    private static final String SECRET = "[A-Za-z0-9_-]{1,256}";

    public TelegramConfig {
        // Checked here so that a half-configured webhook stops the start with the names to set,
        // instead of a bot that silently hears nothing (no poller, no registered webhook).
        if ("webhook".equals(mode)) {
            if (webhookUrl == null || !webhookUrl.strip().matches("(?i)https?://\\S+")) {
                throw new ConfigurationException("TELEGRAM_MODE=webhook needs TELEGRAM_WEBHOOK_URL, the public "
                        + "https URL Telegram posts to (https://<host>/webhooks/telegram)");
            }
            if (webhookSecret == null || !webhookSecret.matches(SECRET)) {
                throw new ConfigurationException("TELEGRAM_MODE=webhook needs TELEGRAM_WEBHOOK_SECRET: 1 to 256 "
                        + "characters of A-Z, a-z, 0-9, _ and -");
            }
        }
    }

    public boolean webhook() {
        return "webhook".equals(mode);
    }

    /** The Bot API base as a URI without a trailing slash. */
    public URI apiBase() {
        String u = apiUrl.strip();
        return URI.create(u.endsWith("/") ? u.substring(0, u.length() - 1) : u);
    }
}
