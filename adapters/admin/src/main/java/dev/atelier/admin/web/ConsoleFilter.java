package dev.atelier.admin.web;

import dev.atelier.admin.ConsoleConfig;
import dev.atelier.admin.account.AdminAccounts;
import dev.atelier.admin.session.ConsoleSession;
import dev.atelier.admin.session.SessionStore;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.cookie.Cookie;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

import java.util.Map;
import java.util.Optional;

/**
 * The console's door: every {@code /admin} path except the sign-in page and the static files
 * needs a live session. Without one, a page gets a redirect to sign-in and an API, htmx or JSON
 * request a 401; neither carries any data. Error responses become a plain page (or problem
 * JSON) with no stack trace, SQL or path in it.
 */
@ServerFilter({"/admin", "/admin/**"})
public final class ConsoleFilter {

    static final String SESSION_ATTRIBUTE = "atelier.console.session";
    static final String RENDERED_ATTRIBUTE = "atelier.console.rendered";

    private final SessionStore sessions;
    private final AdminAccounts accounts;
    private final ConsoleConfig config;

    public ConsoleFilter(SessionStore sessions, AdminAccounts accounts, ConsoleConfig config) {
        this.sessions = sessions;
        this.accounts = accounts;
        this.config = config;
    }

    @RequestFilter
    @ExecuteOn(TaskExecutors.BLOCKING)
    @Nullable
    public HttpResponse<?> requireSession(HttpRequest<?> request) {
        String path = request.getPath();
        if (path.equals("/admin/login") || path.startsWith("/admin/static/")) return null;
        Optional<ConsoleSession> session = sessionOf(request);
        if (session.isEmpty()) {
            MutableHttpResponse<?> refusal = wantsData(request)
                    ? HttpResponse.status(HttpStatus.UNAUTHORIZED).body(Map.of("status", 401, "title", "Unauthorized",
                            "detail", "Sign in at /admin/login first.")).contentType(MediaType.APPLICATION_JSON_TYPE)
                    : HttpResponse.status(HttpStatus.FOUND).header("Location", "/admin/login");
            // A cookie naming a gone session is cleared, so the browser stops sending it.
            if (request.getCookies().contains(Cookies.SESSION)) refusal.cookie(Cookies.expired(Cookies.SESSION));
            return refusal.header("Cache-Control", "no-store");
        }
        request.setAttribute(SESSION_ATTRIBUTE, session.get());
        // The one-time password is replaced before anything else is shown.
        if (session.get().mustChangePassword() && !path.equals("/admin/password") && !path.equals("/admin/logout")) {
            return wantsData(request) ? HttpResponse.status(HttpStatus.FORBIDDEN)
                    : HttpResponse.seeOther(java.net.URI.create("/admin/password"));
        }
        return null;
    }

    @ResponseFilter
    public void plainErrors(HttpRequest<?> request, MutableHttpResponse<?> response) {
        int code = response.getStatus().getCode();
        if (code < 400 || request.getAttribute(RENDERED_ATTRIBUTE).isPresent()) return;
        if (code == 401 && response.getContentType().map(t -> t.matches(MediaType.APPLICATION_JSON_TYPE)).orElse(false)) return;
        String title = code == 404 ? "Not found" : code == 403 ? "Not allowed" : code == 405 ? "Not allowed here"
                : code >= 500 ? "Something went wrong" : "Bad request";
        String detail = code == 404 ? "There is no such page in the console."
                : code == 403 ? "Your role may not do this, or the form was stale (reload the page and try again)."
                : code >= 500 ? "The console could not handle this request; the server log says why."
                : "The request could not be read.";
        if (wantsData(request)) {
            response.body(Map.of("status", code, "title", title, "detail", detail)).contentType(MediaType.APPLICATION_JSON_TYPE);
        } else {
            ((MutableHttpResponse<Object>) response).body(ErrorPage.html(code, title, detail))
                    .contentType(MediaType.TEXT_HTML_TYPE.toString() + ";charset=utf-8");
        }
        response.header("Cache-Control", "no-store");
        response.header("X-Content-Type-Options", "nosniff");
        response.header("Content-Security-Policy", Pages.CSP);
    }

    /**
     * The live session the cookie names. A session whose account is gone, or whose epoch the
     * account has moved past (password reset or changed, role changed, account deleted and made
     * again), is deleted and worth nothing. The polls of an open page do not restart the idle time.
     */
    private Optional<ConsoleSession> sessionOf(HttpRequest<?> request) {
        Optional<String> id = request.getCookies().findCookie(Cookies.SESSION).map(Cookie::getValue);
        if (id.isEmpty()) return Optional.empty();
        Optional<SessionStore.Stored> stored = sessions.touch(id.get(), !isPoll(request));
        if (stored.isEmpty()) return Optional.empty();
        Optional<AdminAccounts.Account> account = accounts.find(stored.get().name())
                .filter(a -> a.sessionEpoch() == stored.get().epoch());
        if (account.isEmpty()) {
            sessions.delete(id.get());
            return Optional.empty();
        }
        AdminAccounts.Account a = account.get();
        return Optional.of(new ConsoleSession(stored.get().id(), a.name(), a.role(), stored.get().csrf(), a.mustChangePassword()));
    }

    /** What an open page fetches by itself: the dashboard's JSON and the live fragments (htmx-style GETs). */
    static boolean isPoll(HttpRequest<?> request) {
        return request.getMethod() == HttpMethod.GET
                && (request.getPath().startsWith("/admin/api/") || request.getHeaders().contains("HX-Request"));
    }

    /** API paths, htmx and fetch requests that ask for JSON get status codes, not redirects. */
    static boolean wantsData(HttpRequest<?> request) {
        return request.getPath().startsWith("/admin/api/") || request.getHeaders().contains("HX-Request")
                || request.getHeaders().accept().stream().anyMatch(t -> t.matches(MediaType.APPLICATION_JSON_TYPE))
                        && request.getHeaders().accept().stream().noneMatch(t -> t.matches(MediaType.TEXT_HTML_TYPE));
    }
}
