package dev.atelier.tests.console;

import dev.atelier.admin.account.Role;
import dev.atelier.tests.support.RunningAtelier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The admin console's door, over plain HTTP against a whole Atelier. */
class ConsoleSecurityTest {

    private static final List<String> PAGES = List.of("/admin", "/admin/conversations",
            "/admin/conversations/" + UUID.randomUUID(), "/admin/gallery", "/admin/gallery/" + UUID.randomUUID(),
            "/admin/users", "/admin/jobs", "/admin/moderation", "/admin/settings", "/admin/accounts", "/admin/audit",
            "/admin/password", "/admin/no-such-page", "/admin/users?q=alice");
    private static final List<String> DATA = List.of("/admin/api/stats", "/admin/api/stats?range=week");
    private static final List<String> FORMS = List.of("/admin/users/ban", "/admin/users/unban", "/admin/users/limits",
            "/admin/jobs/" + UUID.randomUUID() + "/cancel", "/admin/jobs/" + UUID.randomUUID() + "/retry",
            "/admin/moderation/rules", "/admin/moderation/test", "/admin/moderation/rules/1/delete",
            "/admin/moderation/reviews/1", "/admin/settings", "/admin/accounts", "/admin/password", "/admin/logout");

    private static RunningAtelier atelier;
    private static String adminPassword;
    private static String moderatorPassword;

    @BeforeAll
    static void start() {
        atelier = RunningAtelier.onTestServers(Map.of());
        adminPassword = ConsoleClient.createAccount(atelier, "root", Role.ADMIN);
        moderatorPassword = ConsoleClient.createAccount(atelier, "mod", Role.MODERATOR);
        // Something to leak, were the door open.
        atelier.api().turn(atelier.api().createConversation(), Map.of("text", "a secret lighthouse at dusk"));
    }

    @AfterAll
    static void stop() {
        atelier.close();
    }

    @Test
    @DisplayName("without a session every page redirects to sign-in, every API and htmx request gets 401, and none shows data")
    void noSessionNoData() {
        ConsoleClient anonymous = new ConsoleClient(atelier);
        for (String path : PAGES) {
            var page = anonymous.get(path);
            assertThat(page.status()).as(path).isEqualTo(302);
            assertThat(page.header("Location")).as(path).isEqualTo("/admin/login");
            assertThat(page.body()).as(path).doesNotContain("lighthouse");
            var htmx = anonymous.get(path, Map.of("HX-Request", "true"));
            assertThat(htmx.status()).as(path + " (htmx)").isEqualTo(401);
            assertThat(htmx.body()).doesNotContain("lighthouse");
        }
        for (String path : DATA) {
            var page = anonymous.get(path, Map.of("Accept", "application/json"));
            assertThat(page.status()).as(path).isEqualTo(401);
            assertThat(page.body()).doesNotContain("buckets").doesNotContain("lighthouse");
        }
        for (String path : FORMS) {
            var page = anonymous.post(path, Map.of("_csrf", "guess", "platform", "web", "platformUserId", "x"));
            assertThat(page.status()).as(path).isIn(302, 401);
            assertThat(page.body()).doesNotContain("lighthouse");
        }
        // A made-up session cookie is no better than none.
        anonymous.plantSession("A".repeat(43));
        assertThat(anonymous.get("/admin").status()).isEqualTo(302);
        assertThat(anonymous.get("/admin/api/stats").status()).isEqualTo(401);
    }

    @Test
    @DisplayName("a form posted without its CSRF token, or with another session's, is refused with 403 and changes nothing")
    void formsNeedTheirToken() {
        ConsoleClient admin = signedIn("root", adminPassword);
        for (String path : FORMS) {
            var page = admin.post(path, Map.of("platform", "web", "platformUserId", "victim", "pattern", "x", "reason", "y"));
            assertThat(page.status()).as(path).isEqualTo(403);
        }
        ConsoleClient other = signedIn("root", adminPassword);
        String othersToken = other.get("/admin/users").csrf();
        var page = admin.post("/admin/users/ban", Map.of("_csrf", othersToken, "platform", "web", "platformUserId", "victim"));
        assertThat(page.status()).isEqualTo(403);
        assertThat(admin.get("/admin/users?banned=1").body()).doesNotContain("victim");
        // The sign-in form has its own token too.
        ConsoleClient anonymous = new ConsoleClient(atelier);
        assertThat(anonymous.post("/admin/login", Map.of("name", "root", "password", adminPassword)).status()).isEqualTo(403);
    }

    @Test
    @DisplayName("a moderator sees the pages but gets 403 on settings and accounts, and may ban")
    void moderatorsCannotChangeSettings() {
        ConsoleClient mod = signedIn("mod", moderatorPassword);
        assertThat(mod.get("/admin").status()).isEqualTo(200);
        assertThat(mod.get("/admin/moderation").status()).isEqualTo(200);
        assertThat(mod.get("/admin/settings").status()).isEqualTo(403);
        assertThat(mod.get("/admin/accounts").status()).isEqualTo(403);
        String csrf = mod.get("/admin/users").csrf();
        assertThat(mod.post("/admin/settings", Map.of("_csrf", csrf, "default-steps", "3")).status()).isEqualTo(403);
        assertThat(mod.post("/admin/accounts", Map.of("_csrf", csrf, "action", "create", "name", "eve", "role", "admin")).status())
                .isEqualTo(403);
        assertThat(mod.post("/admin/users/limits", Map.of("_csrf", csrf, "userId", UUID.randomUUID().toString(),
                "perMinute", "1000")).status()).isEqualTo(403);
        assertThat(mod.post("/admin/users/ban", Map.of("_csrf", csrf, "platform", "web", "platformUserId", "spammer",
                "reason", "spam")).status()).isEqualTo(303);
        assertThat(mod.get("/admin/audit?actor=mod").body()).contains("ban");
    }

    @Test
    @DisplayName("ten wrong passwords lock the account: the right one is refused until the lockout ends")
    void lockoutAfterTenWrongPasswords() {
        String password = ConsoleClient.createAccount(atelier, "victim", Role.MODERATOR);
        ConsoleClient guesser = new ConsoleClient(atelier);
        for (int i = 0; i < 9; i++) {
            var page = guesser.signIn("victim", "guess-" + i);
            assertThat(page.status()).isEqualTo(401);
            assertThat(page.body()).contains("Wrong name or password");
        }
        // The lock is not told apart from a wrong password (that would tell which names exist).
        var tenth = guesser.signIn("victim", "guess-9");
        assertThat(tenth.status()).isEqualTo(401);
        assertThat(tenth.body()).contains("Wrong name or password");
        ConsoleClient rightful = new ConsoleClient(atelier);
        var right = rightful.signIn("victim", password);
        assertThat(right.status()).isEqualTo(401);
        assertThat(right.body()).contains("Wrong name or password");
        assertThat(rightful.session()).isNull();
        // An admin unlocks it.
        ConsoleClient admin = signedIn("root", adminPassword);
        String csrf = admin.get("/admin/accounts").csrf();
        assertThat(admin.post("/admin/accounts", Map.of("_csrf", csrf, "action", "unlock", "name", "victim")).status()).isEqualTo(303);
        assertThat(new ConsoleClient(atelier).signIn("victim", password).status()).isEqualTo(303);
    }

    @Test
    @DisplayName("without a trusted proxy configured, X-Forwarded-For is ignored: a client cannot dodge the throttle by writing it")
    void forwardedForIsNotBelievedByDefault() {
        // 30 a minute per address and name; 61 tries (each "from" another address) fill at least one
        // minute's count even if they straddle two minutes.
        boolean throttled = false;
        for (int i = 0; i < 61 && !throttled; i++) {
            var page = new ConsoleClient(atelier).always("X-Forwarded-For", "203.0.113." + i).signIn("ghost", "x");
            assertThat(page.status()).isIn(401, 429);
            throttled = page.status() == 429;
        }
        assertThat(throttled).as("the loopback address was throttled, whatever X-Forwarded-For said").isTrue();
    }

    @Test
    @DisplayName("signing in always starts a new session id (a planted one is dropped), and signing out ends it")
    void noSessionFixation() {
        ConsoleClient victim = new ConsoleClient(atelier);
        String planted = "P".repeat(43);
        victim.plantSession(planted);
        var page = victim.signIn("root", adminPassword);
        assertThat(page.status()).isEqualTo(303);
        String first = victim.session();
        assertThat(first).isNotNull().isNotEqualTo(planted).hasSizeGreaterThanOrEqualTo(43);
        assertThat(page.setCookies()).anySatisfy(c -> assertThat(c).startsWith("atelier_admin=").containsIgnoringCase("HttpOnly")
                .containsIgnoringCase("SameSite=Strict").contains("Path=/admin"));
        victim.signIn("root", adminPassword);
        String second = victim.session();
        assertThat(second).isNotEqualTo(first);
        // Signing in again in the same browser ends the session it had.
        ConsoleClient attacker = new ConsoleClient(atelier);
        attacker.plantSession(first);
        assertThat(attacker.get("/admin").status()).isEqualTo(302);
        String csrf = victim.get("/admin").csrf();
        assertThat(victim.post("/admin/logout", Map.of("_csrf", csrf)).status()).isEqualTo(303);
        ConsoleClient after = new ConsoleClient(atelier);
        after.plantSession(second);
        assertThat(after.get("/admin").status()).isEqualTo(302);
    }

    @Test
    @DisplayName("error pages say what went wrong without a stack trace, SQL or class name")
    void errorPagesAreClean() {
        ConsoleClient admin = signedIn("root", adminPassword);
        List<ConsoleClient.Page> errors = List.of(admin.get("/admin/no-such-page"), admin.get("/admin/conversations/not-a-uuid"),
                admin.get("/admin/gallery/" + UUID.randomUUID()), admin.get("/admin/moderation/rules/x/delete"),
                admin.post("/admin/jobs/" + UUID.randomUUID() + "/cancel", Map.of()),
                admin.get("/admin/api/stats?range=%27%3BDROP"));
        for (var page : errors) {
            assertThat(page.body()).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("SELECT")
                    .doesNotContain("org.postgresql").doesNotContain("dev.atelier").doesNotContain("micronaut");
        }
        assertThat(errors.getFirst().status()).isEqualTo(404);
        assertThat(errors.getFirst().body()).contains("Not found");
    }

    private static ConsoleClient signedIn(String name, String password) {
        ConsoleClient c = new ConsoleClient(atelier);
        var page = c.signIn(name, password);
        assertThat(page.status()).as("sign-in of " + name).isEqualTo(303);
        return c;
    }
}
