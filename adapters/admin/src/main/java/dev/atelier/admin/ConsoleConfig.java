package dev.atelier.admin;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import java.time.Duration;

/**
 * The admin console ({@code atelier.admin.*}; e.g. {@code ATELIER_ADMIN_SESSION_IDLE}).
 *
 * @param sessionIdle          a session not used for this long is gone (signed out)
 * @param secureCookies        always mark cookies Secure; when false they are Secure only for
 *                             requests that came over HTTPS (directly or per {@code X-Forwarded-Proto})
 * @param maxFailedLogins      wrong passwords in a row that lock an account
 * @param lockout              how long a locked account stays locked
 * @param loginAttemptsPerMinute sign-in attempts one address may make per minute, whatever the account
 */
@ConfigurationProperties("atelier.admin")
public record ConsoleConfig(@Bindable(defaultValue = "30m") @NotNull Duration sessionIdle,
                            @Bindable(defaultValue = "false") boolean secureCookies,
                            @Bindable(defaultValue = "10") @Min(1) int maxFailedLogins,
                            @Bindable(defaultValue = "15m") @NotNull Duration lockout,
                            @Bindable(defaultValue = "30") @Min(1) int loginAttemptsPerMinute) {
}
