package dev.atelier.tests.console;

import dev.atelier.admin.account.Role;
import dev.atelier.core.job.JobStore;
import dev.atelier.core.rules.ModerationRules;
import dev.atelier.core.rules.QuotaLedger;
import dev.atelier.core.rules.moderation.PromptRule;
import dev.atelier.tests.support.RunningAtelier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Settings changed in the console apply to the next message; a failed job is retried from the console. */
class ConsoleSettingsTest {

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
    @DisplayName("default steps and the daily image limit set in the console apply to the next message without a restart; bad values are refused")
    void settingsApplyAtOnce() {
        String csrf = admin.get("/admin/settings").csrf();
        var bad = admin.post("/admin/settings", Map.of("_csrf", csrf, "default-steps", "100000", "default-width", "500"));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("default-width").doesNotContain("Exception");

        var saved = admin.post("/admin/settings", Map.of("_csrf", csrf, "default-steps", "3", "images-per-day", "1"));
        assertThat(saved.status()).isEqualTo(303);
        String chat = atelier.api().createConversation();
        var first = atelier.api().postMessage(chat, Map.of("text", "a quiet pond"), Map.of("X-Atelier-User", "setter"));
        assertThat(first.status()).isEqualTo(202);
        var job = atelier.api().awaitJob((String) first.json().get("jobId"), Duration.ofSeconds(120));
        assertThat(((Map<?, ?>) job.get("progress")).get("steps")).isEqualTo(3);
        var second = atelier.api().postMessage(chat, Map.of("text", "another pond"), Map.of("X-Atelier-User", "setter"));
        assertThat(second.status()).isEqualTo(429);
        assertThat(admin.get("/admin/audit?action=settings").body()).contains("setting:default-steps");

        // Back to the configured values.
        admin.post("/admin/settings", Map.of("_csrf", csrf));
        var third = atelier.api().postMessage(chat, Map.of("text", "a third pond"), Map.of("X-Atelier-User", "setter"));
        assertThat(third.status()).isEqualTo(202);
    }

    @Test
    @DisplayName("a failed job retried in the console runs again, with its image reserved again")
    void retryFailedJob() {
        // The offline prompt writer adds "highly detailed" to its prompts: a rule on it fails the job.
        ModerationRules rules = atelier.context().getBean(ModerationRules.class);
        PromptRule rule = rules.add("test", PromptRule.Kind.WORD, "highly detailed", "No detail today.");
        String chat = atelier.api().createConversation();
        var accepted = atelier.api().postMessage(chat, Map.of("text", "a paper boat"), Map.of("X-Atelier-User", "sailor"));
        String jobId = (String) accepted.json().get("jobId");
        assertThat(atelier.api().awaitJob(jobId, Duration.ofSeconds(120)).get("status")).isEqualTo("failed");
        QuotaLedger quota = atelier.context().getBean(QuotaLedger.class);
        UUID user = quota.userOf(UUID.fromString(jobId)).orElseThrow();
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        // The refund follows the job's end by a moment (the job is marked failed first).
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> quota.taken(user, today) == 0);
        rules.remove("test", rule.id());

        var jobs = admin.get("/admin/jobs");
        assertThat(jobs.body()).contains(jobId);
        var retried = admin.post("/admin/jobs/" + jobId + "/retry", Map.of("_csrf", jobs.csrf()));
        assertThat(retried.status()).isEqualTo(303);
        assertThat(atelier.api().awaitJob(jobId, Duration.ofSeconds(120)).get("status")).isEqualTo("done");
        assertThat(quota.taken(user, today)).isEqualTo(1);
        var job = atelier.context().getBean(JobStore.class).find(UUID.fromString(jobId)).orElseThrow();
        assertThat(job.imageIds()).hasSize(1);
        assertThat(admin.get("/admin/audit?action=job.retry").body()).contains(jobId);
    }
}
