package dev.atelier.tests.console;

import dev.atelier.admin.account.AdminAccounts;
import dev.atelier.admin.account.Role;
import dev.atelier.admin.session.SessionStore;
import dev.atelier.tests.support.RunningAtelier;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.SQLException;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Console sessions and sign-in after the review: sessions end when their account's password,
 * role or existence changes; the lockout and the sign-in throttle cannot be turned against
 * others; idle and maximum age hold for an open tab; error pages carry the CSP.
 */
class ConsoleSessionsTest {

    private static final Pattern ERROR = Pattern.compile("id=\"login-error\"[^>]*>([^<]*)<");

    private static RunningAtelier atelier;
    private static ConsoleClient admin;

    @BeforeAll
    static void start() {
        // The test client reaches the console over loopback, which plays the reverse proxy here.
        atelier = RunningAtelier.onTestServers(Map.of("atelier.admin.trusted-proxies", "127.0.0.1, ::1",
                "atelier.admin.login-attempts-per-minute", "5"));
        String password = ConsoleClient.createAccount(atelier, "ss-root", Role.ADMIN);
        admin = new ConsoleClient(atelier);
        assertThat(admin.signIn("ss-root", password).status()).isEqualTo(303);
    }

    @AfterAll
    static void stop() {
        atelier.close();
    }

    @Test
    @DisplayName("an admin's password reset ends the stolen session: it can neither see pages nor choose the new password")
    void resetEndsSessions() {
        String password = ConsoleClient.createAccount(atelier, "ss-bob", Role.MODERATOR);
        ConsoleClient thief = new ConsoleClient(atelier);
        assertThat(thief.signIn("ss-bob", password).status()).isEqualTo(303);
        String thiefsToken = thief.get("/admin").csrf();

        String csrf = admin.get("/admin/accounts").csrf();
        assertThat(admin.post("/admin/accounts", Map.of("_csrf", csrf, "action", "reset", "name", "ss-bob")).status()).isEqualTo(200);

        assertThat(thief.get("/admin").status()).isEqualTo(302);
        var taken = thief.post("/admin/password", Map.of("_csrf", thiefsToken, "password", "the thief's own password",
                "again", "the thief's own password"));
        assertThat(taken.status()).isEqualTo(302);
        assertThat(taken.header("Location")).isEqualTo("/admin/login");
        // The old password is gone as well.
        assertThat(new ConsoleClient(atelier).signIn("ss-bob", password).status()).isEqualTo(401);
    }

    @Test
    @DisplayName("a deleted account's sessions end, and do not come back when an account of the same name is made again")
    void deletedAccountSessionsStayDead() {
        String password = ConsoleClient.createAccount(atelier, "ss-carol", Role.MODERATOR);
        ConsoleClient old = new ConsoleClient(atelier);
        assertThat(old.signIn("ss-carol", password).status()).isEqualTo(303);
        String session = old.session();

        String csrf = admin.get("/admin/accounts").csrf();
        assertThat(admin.post("/admin/accounts", Map.of("_csrf", csrf, "action", "delete", "name", "ss-carol")).status()).isEqualTo(303);
        atelier.context().getBean(AdminAccounts.class).create("ss-carol", Role.ADMIN);

        ConsoleClient revived = new ConsoleClient(atelier);
        revived.plantSession(session);
        assertThat(revived.get("/admin").status()).isEqualTo(302);
        assertThat(revived.get("/admin/settings").status()).isEqualTo(302);
    }

    @Test
    @DisplayName("a role change ends the account's sessions; the next sign-in has the new role")
    void roleChangeEndsSessions() {
        String password = ConsoleClient.createAccount(atelier, "ss-dave", Role.ADMIN);
        ConsoleClient dave = new ConsoleClient(atelier);
        assertThat(dave.signIn("ss-dave", password).status()).isEqualTo(303);
        String csrf = admin.get("/admin/accounts").csrf();
        assertThat(admin.post("/admin/accounts", Map.of("_csrf", csrf, "action", "role", "name", "ss-dave", "role", "moderator"))
                .status()).isEqualTo(303);
        assertThat(dave.get("/admin").status()).isEqualTo(302);
        assertThat(dave.signIn("ss-dave", password).status()).isEqualTo(303);
        assertThat(dave.get("/admin/settings").status()).isEqualTo(403);
    }

    @Test
    @DisplayName("changing one's own password needs the current one, ends the account's other sessions and keeps this one")
    void changingOwnPasswordNeedsTheCurrentOne() {
        String password = ConsoleClient.createAccount(atelier, "ss-erin", Role.MODERATOR);
        ConsoleClient here = new ConsoleClient(atelier);
        ConsoleClient elsewhere = new ConsoleClient(atelier);
        assertThat(here.signIn("ss-erin", password).status()).isEqualTo(303);
        assertThat(elsewhere.signIn("ss-erin", password).status()).isEqualTo(303);
        String next = "a brand new password for ss-erin";

        var form = here.get("/admin/password");
        assertThat(form.body()).contains("name=\"current\"");
        var without = here.post("/admin/password", Map.of("_csrf", form.csrf(), "password", next, "again", next));
        assertThat(without.status()).isEqualTo(400);
        assertThat(without.body()).contains("current password is wrong");
        var wrong = here.post("/admin/password", Map.of("_csrf", form.csrf(), "current", "not it at all",
                "password", next, "again", next));
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(new ConsoleClient(atelier).signIn("ss-erin", next).status()).isEqualTo(401);

        var changed = here.post("/admin/password", Map.of("_csrf", form.csrf(), "current", password,
                "password", next, "again", next));
        assertThat(changed.status()).isEqualTo(303);
        assertThat(here.get("/admin").status()).isEqualTo(200);
        assertThat(elsewhere.get("/admin").status()).isEqualTo(302);
        assertThat(new ConsoleClient(atelier).signIn("ss-erin", next).status()).isEqualTo(303);
    }

    @Test
    @DisplayName("locked, unknown and wrong sign-ins get the same answer; a lock that ran out does not relock at the next miss")
    void lockoutIsNotAnOracleNorPermanent() throws SQLException {
        String password = ConsoleClient.createAccount(atelier, "ss-frank", Role.MODERATOR);
        // Ten wrong passwords, each from another address (the throttle counts per address and name).
        java.util.List<ConsoleClient.Page> misses = new java.util.ArrayList<>();
        for (int i = 0; i < 10; i++) {
            misses.add(new ConsoleClient(atelier).always("X-Forwarded-For", "198.51.100." + (20 + i)).signIn("ss-frank", "guess-" + i));
        }
        var unknown = new ConsoleClient(atelier).always("X-Forwarded-For", "198.51.100.40").signIn("nobody-by-this-name", "x");
        ConsoleClient rightful = new ConsoleClient(atelier).always("X-Forwarded-For", "198.51.100.41");
        var locked = rightful.signIn("ss-frank", password);
        var wrong = misses.getFirst();
        for (var page : java.util.stream.Stream.concat(misses.stream(), java.util.stream.Stream.of(unknown, locked)).toList()) {
            assertThat(page.status()).isEqualTo(401);
            assertThat(error(page)).isEqualTo(error(wrong));
        }
        assertThat(rightful.session()).as("the lock still holds").isNull();

        // The lock runs out (moved into the past here, instead of waiting 15 minutes).
        try (var c = atelier.context().getBean(DataSource.class).getConnection();
             var st = c.prepareStatement("UPDATE admin_accounts SET locked_until = now() - interval '1 second' WHERE name = 'ss-frank'")) {
            st.executeUpdate();
        }
        assertThat(new ConsoleClient(atelier).always("X-Forwarded-For", "198.51.100.42").signIn("ss-frank", "guess-10").status())
                .isEqualTo(401);
        assertThat(rightful.signIn("ss-frank", password).status()).as("one miss after the lock does not lock again").isEqualTo(303);
    }

    @Test
    @DisplayName("behind a trusted proxy, one client using up its sign-in attempts does not stop anyone else's sign-in")
    void throttleIsPerClientAndName() {
        String password = ConsoleClient.createAccount(atelier, "ss-grace", Role.MODERATOR);
        ConsoleClient flooder = new ConsoleClient(atelier).always("X-Forwarded-For", "203.0.113.7");
        for (int i = 0; i < 5; i++) flooder.signIn("nobody-" + i, "x");
        // Five tries a minute at one name (the right password here, so the account does not lock);
        // eleven fill one minute's count even if they straddle two minutes.
        boolean throttled = false;
        for (int i = 0; i < 11 && !throttled; i++) {
            var page = flooder.signIn("ss-grace", password);
            assertThat(page.status()).isIn(303, 429);
            throttled = page.status() == 429;
        }
        assertThat(throttled).isTrue();

        ConsoleClient colleague = new ConsoleClient(atelier).always("X-Forwarded-For", "203.0.113.8");
        assertThat(colleague.signIn("ss-grace", password).status()).isEqualTo(303);
    }

    @Test
    @DisplayName("one client cannot spray guesses across many account names: an address has a ceiling over all names")
    void throttleHasACeilingPerAddress() {
        try (RunningAtelier small = RunningAtelier.onTestServers(Map.of(
                "atelier.admin.login-attempts-per-address", "4"))) {
            ConsoleClient sprayer = new ConsoleClient(small);
            for (int i = 0; i < 4; i++) {
                assertThat(sprayer.signIn("guess-" + i, "x").status()).as("try %d", i).isEqualTo(401);
            }
            var page = sprayer.signIn("guess-4", "x");
            assertThat(page.status()).isEqualTo(429);
            assertThat(error(page)).contains("Too many sign-in attempts");
        }
    }

    @Test
    @DisplayName("the polls of an open dashboard or job board do not keep a session alive; use does, up to the maximum age")
    @SuppressWarnings("unchecked")
    void pollsDoNotExtendTheSession() {
        String password = ConsoleClient.createAccount(atelier, "ss-heidi", Role.MODERATOR);
        ConsoleClient tab = new ConsoleClient(atelier);
        assertThat(tab.signIn("ss-heidi", password).status()).isEqualTo(303);
        var redis = ((StatefulRedisConnection<String, String>) atelier.context().getBean(StatefulRedisConnection.class)).sync();
        String key = SessionStore.key(tab.session());

        // A minute of idle time left, as if the tab had been left open for 29 minutes.
        redis.pexpire(key, 60_000);
        assertThat(tab.get("/admin/api/stats", Map.of("Accept", "application/json")).status()).isEqualTo(200);
        assertThat(tab.get("/admin/jobs/board", Map.of("HX-Request", "true")).status()).isEqualTo(200);
        assertThat(redis.pttl(key)).isBetween(1L, 60_000L);
        // Opening a page is use.
        assertThat(tab.get("/admin/jobs").status()).isEqualTo(200);
        assertThat(redis.pttl(key)).isGreaterThan(60_000L);

        // Signed in 13 hours ago: past the 12-hour maximum, used or not.
        redis.hset(key, "created", Long.toString(System.currentTimeMillis() - 13 * 3_600_000L));
        assertThat(tab.get("/admin/jobs").status()).isEqualTo(302);
        assertThat(redis.exists(key)).isZero();
    }

    @Test
    @DisplayName("error pages carry the same Content-Security-Policy as every other page")
    void errorPagesHaveCsp() {
        var missing = admin.get("/admin/no-such-page");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.header("Content-Security-Policy")).isNotNull().contains("default-src 'self'")
                .contains("frame-ancestors 'none'");
        assertThat(admin.get("/admin").header("Content-Security-Policy")).isEqualTo(missing.header("Content-Security-Policy"));
    }

    private static String error(ConsoleClient.Page page) {
        Matcher m = ERROR.matcher(page.body());
        if (!m.find()) throw new AssertionError("no error on the sign-in page: " + page.body());
        return m.group(1);
    }
}
