package dev.atelier.tests.rules;

import dev.atelier.core.rules.UserLimits;
import dev.atelier.inference.tiny.TinyModelGenerator;
import dev.atelier.tests.support.Api;
import dev.atelier.tests.support.RunningAtelier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;

import static dev.atelier.tests.rules.SafetyPictures.mask;
import static dev.atelier.tests.rules.SafetyPictures.png;
import static dev.atelier.tests.rules.SafetyPictures.redChecker;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The daily GPU-seconds quota: the pipelines' wall time, measured by the worker, counted when a
 * job ends done. These Ateliers give everyone 2 seconds a day and no rate limit, so a user can
 * spend them quickly.
 */
@DisplayName("A user's generation time for the day runs out, and a failed job's time is not counted")
class GpuQuotaTest {

    private static final Map<String, Object> TWO_SECONDS_NO_RATE_LIMIT = Map.of(
            "atelier.limits.gpu-seconds-per-day", 2,
            "atelier.limits.per-minute", 0, "atelier.limits.burst", 0,
            "atelier.limits.chat-per-minute", 0, "atelier.limits.chat-burst", 0);

    private static RunningAtelier atelier;
    private static RuleChecks checks;

    @BeforeAll
    static void start() {
        atelier = RunningAtelier.onTestServers(TWO_SECONDS_NO_RATE_LIMIT);
        checks = new RuleChecks(atelier);
    }

    @AfterAll
    static void stop() {
        atelier.close();
    }

    /** A job that takes the tiny model a noticeable time (about 0.1 s here): 384x384, 16 steps. */
    private Api.Reply send(String chat, String user, String text) {
        return atelier.api().postMessage(chat, Map.of("text", text, "width", "384", "height", "384", "steps", "16"),
                Map.of("X-Atelier-User", user));
    }

    private static long countedToday(RuleChecks checks, UUID user) {
        return checks.count("SELECT coalesce(sum(gpu_ms), 0) FROM quota_usage WHERE user_id = ? AND day = ?",
                user, LocalDate.now(ZoneOffset.UTC));
    }

    @Test
    void whenTheDaysGenerationTimeIsUsedUpTheNextMessageIsRefusedWhileAnotherUserIsServed() {
        // GIVEN gail makes images until her 2 seconds are used
        String chat = atelier.api().createConversation();
        Api.Reply reply = null;
        int served = 0;
        // A bound far above what 2 seconds buy on any CPU, so a stuck counter fails the test.
        for (int i = 0; i < 300; i++) {
            reply = send(chat, "gail", "a lighthouse number " + i);
            if (reply.status() != 202) break;
            Map<String, Object> job = atelier.api().awaitJob(checks.jobOf(reply), Duration.ofSeconds(60));
            assertThat(job.get("status")).isEqualTo("done");
            served++;
        }

        // THEN she was served until then, and is now told her time is used and when the day ends
        assertThat(served).isPositive();
        RuleChecks.assertProblem(reply, 429, "You have used your 2 seconds of generation time for today");
        assertThat((String) reply.json().get("detail")).contains("more from 00:00 UTC");
        assertThat(Integer.parseInt(reply.header("Retry-After"))).isBetween(1, 86_400);

        // AND each job recorded its own time, which is what her day counts
        UUID gail = checks.userId("gail");
        long recorded = checks.count("SELECT sum(j.gpu_ms) FROM jobs j JOIN conversations c ON c.id = j.conversation_id"
                + " WHERE j.conversation_id = ? AND j.status = 'done'", UUID.fromString(chat));
        assertThat(recorded).isGreaterThanOrEqualTo(2000);
        assertThat(countedToday(checks, gail)).isEqualTo(recorded);

        // AND another user in the same moment is served
        Api.Reply other = send(atelier.api().createConversation(), "hugo", "a lighthouse");
        assertThat(other.status()).as(other.text()).isEqualTo(202);
        assertThat(atelier.api().awaitJob(checks.jobOf(other), Duration.ofSeconds(60)).get("status")).isEqualTo("done");
    }

    @Test
    void aJobThatFailsAfterGeneratingIsNotCounted() {
        // GIVEN an Atelier whose safety classifier blocks red pictures: a job that runs its
        // pipeline and then fails; and fern, who may use 1 second a day
        Path classifier = RunningAtelier.newDataDir().resolve("safety");
        TinyModelGenerator.writeSafetyClassifier(classifier, "pixel_values");
        Map<String, Object> config = new java.util.HashMap<>(TWO_SECONDS_NO_RATE_LIMIT);
        config.put("atelier.safety.model", classifier.toString());
        config.put("atelier.safety.action", "block");
        try (RunningAtelier blocking = RunningAtelier.onTestServers(config)) {
            RuleChecks checks = new RuleChecks(blocking);
            UUID fern = checks.userId("fern");
            blocking.context().getBean(UserLimits.class).setDailyGpuSeconds("admin:alice", fern, 1);
            String chat = blocking.api().createConversation();

            // WHEN her job runs a long pipeline and then fails (the safety check blocks the red result)
            Api.Reply accepted = blocking.api().postMessage(chat, Map.of("text", "a flower", "image",
                    png("picture", redChecker()), "mask", png("mask", mask()), "steps", "40"),
                    Map.of("X-Atelier-User", "fern"));
            Map<String, Object> failed = blocking.api().awaitJob(checks.jobOf(accepted), Duration.ofSeconds(60));
            assertThat(failed.get("status")).isEqualTo("failed");

            // THEN the job shows the time it used, but none of it counts against her day
            long used = checks.count("SELECT gpu_ms FROM jobs WHERE id = ?", UUID.fromString((String) failed.get("id")));
            assertThat(used).isPositive();
            assertThat(countedToday(checks, fern)).isZero();

            // AND she is still served, and her override is in the audit log
            Api.Reply next = blocking.api().postMessage(chat, Map.of("text", "a red boat", "steps", "1"),
                    Map.of("X-Atelier-User", "fern"));
            assertThat(next.status()).as(next.text()).isEqualTo(202);
            assertThat(checks.rows("SELECT actor, action, detail FROM audit_log WHERE subject = ? AND action = 'gpu_quota.set'",
                    "user:" + fern)).containsExactly(java.util.List.of("admin:alice", "gpu_quota.set", "gpu_seconds_per_day=1"));
        }
    }
}
