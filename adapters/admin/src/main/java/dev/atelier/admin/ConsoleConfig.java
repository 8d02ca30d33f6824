package dev.atelier.admin;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The admin console ({@code atelier.admin.*}; e.g. {@code ATELIER_ADMIN_SESSION_IDLE}).
 *
 * @param sessionIdle          a session not used for this long is gone (signed out); the polls of
 *                             an open dashboard or job board do not count as use
 * @param secureCookies        always mark cookies Secure; when false they are Secure only for
 *                             requests that came over HTTPS (directly or per {@code X-Forwarded-Proto})
 * @param maxFailedLogins      wrong passwords in a row that lock an account
 * @param lockout              how long a locked account stays locked
 * @param loginAttemptsPerMinute sign-in attempts one client address may make per minute for one account name
 * @param sessionMaxAge        a session ends this long after its sign-in, used or not
 * @param loginAttemptsPerAddress sign-in attempts one client address may make per minute over all names
 * @param trustedProxies       comma-separated addresses of reverse proxies whose {@code X-Forwarded-For}
 *                             is believed for the client address; empty: the connection's address is the client's
 */
@ConfigurationProperties("atelier.admin")
public record ConsoleConfig(@Bindable(defaultValue = "30m") @NotNull Duration sessionIdle,
                            @Bindable(defaultValue = "false") boolean secureCookies,
                            @Bindable(defaultValue = "10") @Min(1) int maxFailedLogins,
                            @Bindable(defaultValue = "15m") @NotNull Duration lockout,
                            @Bindable(defaultValue = "30") @Min(1) int loginAttemptsPerMinute,
                            @Bindable(defaultValue = "12h") @NotNull Duration sessionMaxAge,
                            @Nullable String trustedProxies,
                            @Bindable(defaultValue = "300") @Min(1) int loginAttemptsPerAddress) {

    public ConsoleConfig(Duration sessionIdle, boolean secureCookies, int maxFailedLogins, Duration lockout,
                         int loginAttemptsPerMinute) {
        this(sessionIdle, secureCookies, maxFailedLogins, lockout, loginAttemptsPerMinute, Duration.ofHours(12), null, 300);
    }

    public ConsoleConfig(Duration sessionIdle, boolean secureCookies, int maxFailedLogins, Duration lockout,
                         int loginAttemptsPerMinute, Duration sessionMaxAge, String trustedProxies) {
        this(sessionIdle, secureCookies, maxFailedLogins, lockout, loginAttemptsPerMinute, sessionMaxAge, trustedProxies, 300);
    }

    /** The trusted proxies' addresses; an entry that is not an IP address stops the start with its name. */
    public Set<InetAddress> trustedProxySet() {
        if (trustedProxies == null) return Set.of();
        return Arrays.stream(trustedProxies.split(",")).map(String::strip).filter(s -> !s.isEmpty()).map(s -> {
            try {
                return InetAddress.ofLiteral(s);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("ATELIER_ADMIN_TRUSTED_PROXIES: '" + s + "' is not an IP address.");
            }
        }).collect(Collectors.toUnmodifiableSet());
    }
}
