package dev.atelier.tests.console;

import dev.atelier.admin.account.Role;
import dev.atelier.admin.data.Reviews;
import dev.atelier.core.job.JobStatus;
import dev.atelier.core.job.JobStore;
import dev.atelier.core.rules.Bans;
import dev.atelier.core.rules.ModerationRules;
import dev.atelier.core.rules.QuotaLedger;
import dev.atelier.core.rules.UserLimits;
import dev.atelier.core.rules.moderation.PromptRule;
import dev.atelier.tests.support.RunningAtelier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** What the console's moderation, user and job actions do to whom: the review ban, unban and retry. */
class ConsoleActionsTest {

    private static RunningAtelier atelier;
    private static ConsoleClient admin;

    @BeforeAll
    static void start() {
        atelier = RunningAtelier.onTestServers(Map.of());
        String password = ConsoleClient.createAccount(atelier, "root", Role.ADMIN);
        admin = new ConsoleClient(atelier);
        assertThat(admin.signIn("root", password).status()).isEqualTo(303);
    }

    @AfterAll
    static void stop() {
        atelier.close();
    }

    @Test
    @DisplayName("'ban the user' on a generation-prompt review bans who asked for the job, not the shared conversation's owner")
    void reviewBanHitsTheAsker() {
        String chat = atelier.api().createConversation(); // owned by web/anonymous
        UUID jobId = failedJob(chat, "mallory", Map.of());
        Reviews.Row review = atelier.context().getBean(Reviews.class).open().stream()
                .filter(r -> jobId.equals(r.jobId())).findFirst().orElseThrow();
        assertThat(review.stage()).isEqualTo("generation_prompt");
        assertThat(review.platform()).isNull();

        String csrf = admin.get("/admin/moderation").csrf();
        var banned = admin.post("/admin/moderation/reviews/" + review.id(), Map.of("_csrf", csrf, "action", "ban"));
        assertThat(banned.status()).isEqualTo(303);
        assertThat(note(banned)).contains("web/mallory");
        Bans bans = atelier.context().getBean(Bans.class);
        assertThat(bans.find("web", "mallory")).isPresent();
        assertThat(bans.find("web", "anonymous")).isEmpty();
        assertThat(atelier.api().postMessage(chat, Map.of("text", "a tea cup"), Map.of("X-Atelier-User", "mallory")).status())
                .isEqualTo(403);
    }

    @Test
    @DisplayName("retrying a failed batch reserves all its images again: refused when the user's day has no room for them")
    void retryReservesTheWholeBatch() {
        String chat = atelier.api().createConversation();
        UUID jobId = failedJob(chat, "batcher", Map.of("count", "3", "steps", "2", "width", "64", "height", "64"));
        QuotaLedger quota = atelier.context().getBean(QuotaLedger.class);
        UUID user = quota.userOf(jobId).orElseThrow();
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        assertThat(quota.taken(user, today)).isZero();
        UserLimits limits = atelier.context().getBean(UserLimits.class);
        limits.setDailyImages("test", user, 2);

        var refused = retry(jobId);
        assertThat(note(refused)).contains("not retried");
        assertThat(jobStatus(jobId)).isEqualTo(JobStatus.FAILED);
        assertThat(quota.taken(user, today)).isZero();

        limits.setDailyImages("test", user, 3);
        assertThat(note(retry(jobId))).contains("queued again");
        assertThat(quota.taken(user, today)).isEqualTo(3);
        var done = atelier.api().awaitJob(jobId.toString(), Duration.ofSeconds(120));
        assertThat(done.get("status")).isEqualTo("done");
        assertThat(atelier.context().getBean(JobStore.class).find(jobId).orElseThrow().imageIds()).hasSize(3);
        assertThat(quota.taken(user, today)).isEqualTo(3);
    }

    @Test
    @DisplayName("a failed job of a banned user, or of one whose generation time is used up, is not retried, with a clear note")
    void retryChecksBansAndGenerationTime() throws SQLException {
        String chat = atelier.api().createConversation();
        UUID jobId = failedJob(chat, "troll", Map.of());
        QuotaLedger quota = atelier.context().getBean(QuotaLedger.class);
        UUID user = quota.userOf(jobId).orElseThrow();
        LocalDate today = LocalDate.now(ZoneOffset.UTC);

        String csrf = admin.get("/admin/users").csrf();
        assertThat(admin.post("/admin/users/ban", Map.of("_csrf", csrf, "platform", "web", "platformUserId", "troll",
                "reason", "spam")).status()).isEqualTo(303);
        assertThat(note(retry(jobId))).contains("banned").contains("not retried");
        assertThat(jobStatus(jobId)).isEqualTo(JobStatus.FAILED);
        assertThat(quota.taken(user, today)).isZero();
        assertThat(admin.post("/admin/users/unban", Map.of("_csrf", csrf, "platform", "web", "platformUserId", "troll",
                "userId", user.toString())).status()).isEqualTo(303);

        // Their day's generation time is used up (5 s of 1 s).
        atelier.context().getBean(UserLimits.class).setDailyGpuSeconds("test", user, 1);
        try (var c = atelier.context().getBean(DataSource.class).getConnection();
             var st = c.prepareStatement("UPDATE quota_usage SET gpu_ms = 5000 WHERE user_id = ? AND day = ?")) {
            st.setObject(1, user);
            st.setObject(2, today);
            assertThat(st.executeUpdate()).isEqualTo(1);
        }
        assertThat(note(retry(jobId))).contains("generation time").contains("not retried");
        assertThat(jobStatus(jobId)).isEqualTo(JobStatus.FAILED);

        atelier.context().getBean(UserLimits.class).setDailyGpuSeconds("test", user, null);
        assertThat(note(retry(jobId))).contains("queued again");
        assertThat(atelier.api().awaitJob(jobId.toString(), Duration.ofSeconds(120)).get("status")).isEqualTo("done");
    }

    @Test
    @DisplayName("unbanning an identity leaves a user-wide ban in place; 'Unban user' lifts it")
    void unbanLiftsWhatWasBanned() {
        String chat = atelier.api().createConversation();
        var accepted = atelier.api().postMessage(chat, Map.of("text", "a small cloud", "steps", "1", "width", "64", "height", "64"),
                Map.of("X-Atelier-User", "drifter"));
        assertThat(accepted.status()).isEqualTo(202);
        UUID user = atelier.context().getBean(QuotaLedger.class).userOf(UUID.fromString((String) accepted.json().get("jobId")))
                .orElseThrow();
        Bans bans = atelier.context().getBean(Bans.class);

        String csrf = admin.get("/admin/users").csrf();
        assertThat(admin.post("/admin/users/ban", Map.of("_csrf", csrf, "platform", "web", "platformUserId", "drifter",
                "userId", user.toString(), "scope", "user", "reason", "everywhere")).status()).isEqualTo(303);
        assertThat(bans.find("web", "drifter")).isPresent();

        var identityOnly = admin.post("/admin/users/unban", Map.of("_csrf", csrf, "platform", "web", "platformUserId", "drifter",
                "userId", user.toString()));
        assertThat(identityOnly.status()).isEqualTo(303);
        assertThat(bans.find("web", "drifter")).as("the user-wide ban holds").isPresent();
        assertThat(admin.get("/admin/users?q=drifter").body()).contains("Unban user").contains("value=\"user\"");

        var whole = admin.post("/admin/users/unban", Map.of("_csrf", csrf, "platform", "web", "platformUserId", "drifter",
                "userId", user.toString(), "scope", "user"));
        assertThat(note(whole)).contains("Lifted");
        assertThat(bans.find("web", "drifter")).isEmpty();
    }

    /** A job that fails at its generation prompt (the offline prompt writer adds "highly detailed"). */
    private static UUID failedJob(String chat, String user, Map<String, String> options) {
        ModerationRules rules = atelier.context().getBean(ModerationRules.class);
        PromptRule rule = rules.add("test", PromptRule.Kind.WORD, "highly detailed", "No detail today.");
        try {
            Map<String, Object> form = new java.util.HashMap<>(options);
            form.put("text", "a paper boat");
            var accepted = atelier.api().postMessage(chat, form, Map.of("X-Atelier-User", user));
            assertThat(accepted.status()).isEqualTo(202);
            String jobId = (String) accepted.json().get("jobId");
            assertThat(atelier.api().awaitJob(jobId, Duration.ofSeconds(120)).get("status")).isEqualTo("failed");
            // The refund follows the job's end by a moment (the job is marked failed first).
            QuotaLedger quota = atelier.context().getBean(QuotaLedger.class);
            UUID asker = quota.userOf(UUID.fromString(jobId)).orElseThrow();
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                    .until(() -> quota.taken(asker, LocalDate.now(ZoneOffset.UTC)) == 0);
            return UUID.fromString(jobId);
        } finally {
            rules.remove("test", rule.id());
        }
    }

    private static ConsoleClient.Page retry(UUID jobId) {
        var jobs = admin.get("/admin/jobs");
        var page = admin.post("/admin/jobs/" + jobId + "/retry", Map.of("_csrf", jobs.csrf()));
        assertThat(page.status()).isEqualTo(303);
        return page;
    }

    private static JobStatus jobStatus(UUID jobId) {
        return atelier.context().getBean(JobStore.class).find(jobId).orElseThrow().status();
    }

    private static String note(ConsoleClient.Page page) {
        return URLDecoder.decode(page.header("Location"), StandardCharsets.UTF_8);
    }
}
