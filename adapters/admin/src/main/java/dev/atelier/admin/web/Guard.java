package dev.atelier.admin.web;

import dev.atelier.admin.account.Role;
import dev.atelier.admin.session.ConsoleSession;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.exceptions.HttpStatusException;

import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * What a console handler asks before it reads or changes anything. {@link #act} is the first
 * line of every POST handler: the session, the role the action needs, and the form's CSRF token
 * (the {@code _csrf} field, or the {@code X-CSRF-Token} header for scripts) all at once.
 */
public final class Guard {

    public static final String CSRF_FIELD = "_csrf";

    private Guard() {
    }

    /** The signed-in admin (the filter let nobody else through). */
    public static ConsoleSession session(HttpRequest<?> request) {
        return request.getAttribute(ConsoleFilter.SESSION_ATTRIBUTE, ConsoleSession.class)
                .orElseThrow(() -> new HttpStatusException(HttpStatus.UNAUTHORIZED, "Sign in first."));
    }

    /** A page only admins see (settings, accounts). */
    public static ConsoleSession view(HttpRequest<?> request, Role needed) {
        ConsoleSession s = session(request);
        if (!s.role().covers(needed)) throw new HttpStatusException(HttpStatus.FORBIDDEN, "Your role may not see this.");
        return s;
    }

    /** A change: right role and the session's CSRF token, or 403. */
    public static ConsoleSession act(HttpRequest<?> request, Map<String, String> form, Role needed) {
        ConsoleSession s = session(request);
        String token = form == null ? null : form.get(CSRF_FIELD);
        if (token == null) token = request.getHeaders().get("X-CSRF-Token");
        if (token == null || !MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8), s.csrf().getBytes(StandardCharsets.UTF_8))) {
            throw new HttpStatusException(HttpStatus.FORBIDDEN, "The form's token is missing or stale.");
        }
        if (!s.role().covers(needed)) throw new HttpStatusException(HttpStatus.FORBIDDEN, "Your role may not do this.");
        return s;
    }

    /** Marks a response the handler rendered itself (a form shown again with its error), so the filter leaves it. */
    public static void rendered(HttpRequest<?> request) {
        request.setAttribute(ConsoleFilter.RENDERED_ATTRIBUTE, true);
    }

    static String field(Map<String, String> form, String name) {
        String v = form == null ? null : form.get(name);
        return v == null ? "" : v.strip();
    }
}
