package dev.atelier.admin.web;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.cookie.Cookie;
import io.micronaut.http.cookie.SameSite;

import java.time.Duration;

/** The console's cookies: HttpOnly, SameSite=Strict, scoped to /admin, Secure over HTTPS. */
final class Cookies {

    static final String SESSION = "atelier_admin";
    static final String LOGIN_CSRF = "atelier_admin_login";

    private Cookies() {
    }

    static Cookie of(String name, String value, HttpRequest<?> request, boolean alwaysSecure) {
        return Cookie.of(name, value).path("/admin").httpOnly(true).sameSite(SameSite.Strict)
                .secure(alwaysSecure || overHttps(request));
    }

    static Cookie expired(String name) {
        return Cookie.of(name, "").path("/admin").httpOnly(true).sameSite(SameSite.Strict).maxAge(Duration.ZERO);
    }

    static boolean overHttps(HttpRequest<?> request) {
        return request.isSecure() || "https".equalsIgnoreCase(request.getHeaders().get("X-Forwarded-Proto"));
    }
}
