package dev.atelier.admin.web;

import dev.atelier.admin.ConsoleConfig;
import dev.atelier.admin.account.AdminAccounts;
import dev.atelier.admin.account.AdminAccounts.SignIn;
import dev.atelier.admin.session.ConsoleSession;
import dev.atelier.admin.session.LoginThrottle;
import dev.atelier.admin.session.SessionStore;
import dev.atelier.core.rules.AuditLog;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.cookie.Cookie;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

import java.net.InetAddress;
import java.net.URI;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Sign-in, the first password change and sign-out. The sign-in form carries a CSRF token
 * checked against a cookie of its own (there is no session yet); a successful sign-in always
 * starts a new session id and drops the one the browser brought.
 */
@Controller("/admin")
@ExecuteOn(TaskExecutors.BLOCKING)
public class SignInController {

    private final AdminAccounts accounts;
    private final SessionStore sessions;
    private final LoginThrottle throttle;
    private final ConsoleConfig config;
    private final AuditLog audit;
    private final Pages pages;
    private final Set<InetAddress> trustedProxies;

    /** The one answer to a refused sign-in, whether the name is unknown, the password wrong or the account locked. */
    static final String REFUSED = "Wrong name or password, or the account is locked after too many wrong passwords"
            + " (wait, or ask an admin to unlock it).";

    public SignInController(AdminAccounts accounts, SessionStore sessions, LoginThrottle throttle, ConsoleConfig config,
                            AuditLog audit, Pages pages) {
        this.accounts = accounts;
        this.sessions = sessions;
        this.throttle = throttle;
        this.config = config;
        this.audit = audit;
        this.pages = pages;
        this.trustedProxies = config.trustedProxySet();
    }

    @Get("/login")
    public HttpResponse<?> form(HttpRequest<?> request) {
        return loginPage(request, HttpStatus.OK, null);
    }

    @Post(value = "/login", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    public HttpResponse<?> signIn(HttpRequest<?> request, @Body @Nullable Map<String, String> form) {
        String token = Guard.field(form, Guard.CSRF_FIELD);
        String cookie = request.getCookies().findCookie(Cookies.LOGIN_CSRF).map(Cookie::getValue).orElse("");
        if (token.isEmpty() || !MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8), cookie.getBytes(StandardCharsets.UTF_8))) {
            return HttpResponse.status(HttpStatus.FORBIDDEN);
        }
        String name = Guard.field(form, "name");
        String address = ClientAddress.of(request, trustedProxies);
        if (!throttle.tryAttempt(address, name)) {
            audit.record("-", "login.throttled", "address:" + address, "admin:" + name);
            return loginPage(request, HttpStatus.TOO_MANY_REQUESTS, "Too many sign-in attempts from here; wait a minute.");
        }
        String password = form == null || form.get("password") == null ? "" : form.get("password");
        SignIn result = accounts.signIn(name, password, config.maxFailedLogins(), config.lockout());
        return switch (result) {
            case SignIn.Ok ok -> {
                request.getCookies().findCookie(Cookies.SESSION).map(Cookie::getValue).ifPresent(sessions::delete);
                SessionStore.Stored session = sessions.create(ok.account().name(), ok.account().sessionEpoch());
                audit.record(ok.account().name(), "login", "admin:" + ok.account().name(), null);
                yield HttpResponse.seeOther(URI.create(ok.account().mustChangePassword() ? "/admin/password" : "/admin"))
                        .cookie(Cookies.of(Cookies.SESSION, session.id(), request, config.secureCookies()))
                        .cookie(Cookies.expired(Cookies.LOGIN_CSRF));
            }
            // A locked account answers as a wrong password does (the lock still holds): telling them
            // apart would tell a guesser which names exist, since unknown names never lock.
            case SignIn.Locked locked -> {
                audit.record("-", "login.locked", "admin:" + name, "locked until " + locked.until());
                yield loginPage(request, HttpStatus.UNAUTHORIZED, REFUSED);
            }
            case SignIn.Wrong wrong -> {
                audit.record("-", "login.failed", "admin:" + name, null);
                yield loginPage(request, HttpStatus.UNAUTHORIZED, REFUSED);
            }
        };
    }

    @Get("/password")
    public HttpResponse<?> passwordForm(HttpRequest<?> request) {
        ConsoleSession s = Guard.session(request);
        return pages.page("password", s, Map.of("error", "", "min", AdminAccounts.MIN_PASSWORD_LENGTH));
    }

    /**
     * Chooses a new password. Outside the forced first change the current password is asked for
     * (a stolen session alone cannot take the account). Every other session of the account ends;
     * this one goes on under a new id.
     */
    @Post(value = "/password", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    public HttpResponse<?> changePassword(HttpRequest<?> request, @Body @Nullable Map<String, String> form) {
        ConsoleSession s = Guard.act(request, form, s0(request).role());
        String next = form == null ? null : form.get("password");
        String again = form == null ? null : form.get("again");
        String current = form == null ? null : form.get("current");
        String error = null;
        if (!s.mustChangePassword() && !accounts.checkPassword(s.name(), current, config.maxFailedLogins(), config.lockout())) {
            audit.record(s.name(), "password.change.refused", "admin:" + s.name(), "wrong current password");
            error = "The current password is wrong (or the account is locked).";
        } else if (next == null || next.length() < AdminAccounts.MIN_PASSWORD_LENGTH) {
            error = "The new password needs at least " + AdminAccounts.MIN_PASSWORD_LENGTH + " characters.";
        } else if (!next.equals(again)) {
            error = "The two passwords differ.";
        }
        if (error != null) {
            Guard.rendered(request);
            return pages.page("password", s, Map.of("error", error, "min", AdminAccounts.MIN_PASSWORD_LENGTH))
                    .status(HttpStatus.BAD_REQUEST);
        }
        long epoch = accounts.changePassword(s.name(), next);
        sessions.delete(s.id());
        SessionStore.Stored session = sessions.create(s.name(), epoch);
        audit.record(s.name(), "password.change", "admin:" + s.name(), null);
        return HttpResponse.seeOther(URI.create("/admin"))
                .cookie(Cookies.of(Cookies.SESSION, session.id(), request, config.secureCookies()));
    }

    @Post(value = "/logout", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    public HttpResponse<?> signOut(HttpRequest<?> request, @Body @Nullable Map<String, String> form) {
        ConsoleSession s = Guard.act(request, form, s0(request).role());
        sessions.delete(s.id());
        audit.record(s.name(), "logout", "admin:" + s.name(), null);
        return HttpResponse.seeOther(URI.create("/admin/login")).cookie(Cookies.expired(Cookies.SESSION));
    }

    private static ConsoleSession s0(HttpRequest<?> request) {
        return Guard.session(request);
    }

    private MutableHttpResponse<?> loginPage(HttpRequest<?> request, HttpStatus status, String error) {
        Guard.rendered(request);
        String token = sessions.token();
        Map<String, Object> model = new HashMap<>();
        model.put("loginCsrf", token);
        model.put("error", error == null ? "" : error);
        return Pages.html(status, pages.render("login", null, null, model))
                .cookie(Cookies.of(Cookies.LOGIN_CSRF, token, request, config.secureCookies()).maxAge(Duration.ofHours(1)));
    }
}
