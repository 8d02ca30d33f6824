package dev.atelier.tests.console;

import dev.atelier.admin.account.AdminAccounts;
import dev.atelier.admin.account.Role;
import dev.atelier.tests.support.RunningAtelier;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The admin console over plain HTTP, as a browser without JavaScript: cookies kept by hand,
 * redirects not followed (tests look at them), forms posted url-encoded.
 */
final class ConsoleClient {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, String> cookies = new LinkedHashMap<>();
    /** Sent with every request (e.g. the X-Forwarded-For a proxy adds). */
    private final Map<String, String> always = new LinkedHashMap<>();

    ConsoleClient(RunningAtelier atelier) {
        this.base = URI.create("http://localhost:" + atelier.context().getBean(io.micronaut.runtime.server.EmbeddedServer.class).getPort());
    }

    record Page(int status, Map<String, List<String>> headers, String body) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).map(e -> e.getValue().getFirst())
                    .findFirst().orElse(null);
        }

        List<String> setCookies() {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase("set-cookie"))
                    .flatMap(e -> e.getValue().stream()).toList();
        }

        String csrf() {
            Matcher m = CSRF.matcher(body);
            if (!m.find()) throw new AssertionError("no CSRF token on the page: " + body);
            return m.group(1);
        }
    }

    /** Makes an account with a one-time password, signs in, chooses a password; returns it. */
    static String createAccount(RunningAtelier atelier, String name, Role role) {
        String oneTime = atelier.context().getBean(AdminAccounts.class).create(name, role);
        ConsoleClient c = new ConsoleClient(atelier);
        Page signedIn = c.signIn(name, oneTime);
        if (!"/admin/password".equals(signedIn.header("Location"))) throw new AssertionError("expected the password page: " + signedIn);
        String password = "correct horse battery " + name;
        String csrf = c.get("/admin/password").csrf();
        Page changed = c.post("/admin/password", Map.of("_csrf", csrf, "password", password, "again", password));
        if (changed.status() != 303) throw new AssertionError("password not changed: " + changed.status() + " " + changed.body());
        return password;
    }

    Page signIn(String name, String password) {
        String token = get("/admin/login").csrf();
        return post("/admin/login", Map.of("_csrf", token, "name", name, "password", password));
    }

    String session() {
        return cookies.get("atelier_admin");
    }

    void plantSession(String id) {
        cookies.put("atelier_admin", id);
    }

    /** Adds a header to every request from now on; returns this client. */
    ConsoleClient always(String name, String value) {
        always.put(name, value);
        return this;
    }

    void forget() {
        cookies.clear();
    }

    Page get(String path) {
        return get(path, Map.of());
    }

    Page get(String path, Map<String, String> headers) {
        HttpRequest.Builder r = HttpRequest.newBuilder(base.resolve(path)).GET();
        headers.forEach(r::header);
        return send(r);
    }

    Page post(String path, Map<String, String> form) {
        return post(path, form, Map.of());
    }

    Page post(String path, Map<String, String> form, Map<String, String> headers) {
        String body = form.entrySet().stream().map(e -> enc(e.getKey()) + "=" + enc(e.getValue())).collect(Collectors.joining("&"));
        HttpRequest.Builder r = HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(r::header);
        return send(r);
    }

    private Page send(HttpRequest.Builder r) {
        always.forEach(r::header);
        if (!cookies.isEmpty()) {
            r.header("Cookie", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("; ")));
        }
        try {
            HttpResponse<String> response = http.send(r.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
            Page page = new Page(response.statusCode(), response.headers().map(), response.body());
            for (String set : page.setCookies()) {
                String pair = set.split(";", 2)[0];
                int eq = pair.indexOf('=');
                String name = pair.substring(0, eq).strip();
                String value = pair.substring(eq + 1).strip();
                if (value.isEmpty() || set.toLowerCase().contains("max-age=0")) cookies.remove(name);
                else cookies.put(name, value);
            }
            return page;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
