package dev.atelier.tests.console;

import dev.atelier.admin.account.Role;
import dev.atelier.core.job.JobEvents;
import dev.atelier.core.job.JobStatus;
import dev.atelier.core.job.JobStore;
import dev.atelier.core.rules.QuotaLedger;
import dev.atelier.tests.support.RunningAtelier;
import dev.atelier.tests.support.TestServers;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Cancelling a queued job from the console: cancelled in the store, quota given back, never run. */
class ConsoleJobsTest {

    @Test
    @DisplayName("a queued job cancelled in the console is never run, its image goes back to the user's day, and the chat hears 'cancelled'")
    void cancelQueuedJob() {
        String db = TestServers.freshDatabase();
        String redis = RunningAtelier.freshRedis();
        // GIVEN a bot process without a worker, so the job waits in the queue
        try (RunningAtelier bot = RunningAtelier.on(db, redis, Map.of("atelier.role", "bot"))) {
            List<JobEvents.Event> events = new CopyOnWriteArrayList<>();
            bot.context().getBean(JobEvents.class).subscribe(events::add);
            String password = ConsoleClient.createAccount(bot, "root", Role.ADMIN);
            String conversation = bot.api().createConversation();
            var accepted = bot.api().postMessage(conversation, Map.of("text", "a red kite over the sea"),
                    Map.of("X-Atelier-User", "kite-fan"));
            assertThat(accepted.status()).isEqualTo(202);
            UUID jobId = UUID.fromString((String) accepted.json().get("jobId"));
            QuotaLedger quota = bot.context().getBean(QuotaLedger.class);
            UUID user = quota.userOf(jobId).orElseThrow();
            LocalDate today = LocalDate.now(ZoneOffset.UTC);
            assertThat(quota.taken(user, today)).isEqualTo(1);

            // WHEN an admin cancels it on the jobs page
            ConsoleClient admin = new ConsoleClient(bot);
            assertThat(admin.signIn("root", password).status()).isEqualTo(303);
            var jobs = admin.get("/admin/jobs");
            assertThat(jobs.body()).contains(jobId.toString());
            var cancelled = admin.post("/admin/jobs/" + jobId + "/cancel", Map.of("_csrf", jobs.csrf()));
            assertThat(cancelled.status()).isEqualTo(303);

            // THEN it is cancelled, the image is back, the chat was told, and the audit log has it
            var cancelledJob = bot.api().get("/api/jobs/" + jobId).json();
            assertThat(cancelledJob.get("status")).isEqualTo("cancelled");
            assertThat(cancelledJob.get("error")).isEqualTo("This request was cancelled by the bot's moderators.");
            assertThat(quota.taken(user, today)).isZero();
            await().atMost(Duration.ofSeconds(10)).until(() -> events.stream()
                    .anyMatch(e -> e.jobId().equals(jobId) && e.status() == JobStatus.CANCELLED));
            assertThat(admin.get("/admin/audit?action=job.cancel").body()).contains(jobId.toString());
            // Cancelling twice changes nothing.
            admin.post("/admin/jobs/" + jobId + "/cancel", Map.of("_csrf", jobs.csrf()));
            assertThat(quota.taken(user, today)).isZero();

            // AND a worker that starts later skips it: the next job runs, the cancelled one never does
            try (RunningAtelier worker = RunningAtelier.on(db, redis, Map.of("atelier.role", "worker"))) {
                var next = bot.api().postMessage(conversation, Map.of("text", "a blue kite"), Map.of("X-Atelier-User", "kite-fan"));
                assertThat(next.status()).isEqualTo(202);
                var done = bot.api().awaitJob((String) next.json().get("jobId"), Duration.ofSeconds(120));
                assertThat(done.get("status")).isEqualTo("done");
                var job = worker.context().getBean(JobStore.class).find(jobId).orElseThrow();
                assertThat(job.status()).isEqualTo(JobStatus.CANCELLED);
                assertThat(job.attempts()).isZero();
                assertThat(job.imageIds()).isEmpty();
                assertThat(quota.taken(user, today)).isEqualTo(1); // only the second job's image
            }
        }
    }

    @Test
    @DisplayName("a running job cancelled in the console stops at its next step, ends cancelled with its image given back, and the worker goes on")
    void cancelRunningJob() {
        try (RunningAtelier atelier = RunningAtelier.onTestServers(Map.of())) {
            String password = ConsoleClient.createAccount(atelier, "root", Role.ADMIN);
            ConsoleClient admin = new ConsoleClient(atelier);
            assertThat(admin.signIn("root", password).status()).isEqualTo(303);
            // A long job: many steps on a big canvas, so it is still running when the cancel comes.
            String chat = atelier.api().createConversation();
            var accepted = atelier.api().postMessage(chat, Map.of("text", "a vast mountain range", "steps", "150",
                    "width", "1024", "height", "1024"), Map.of("X-Atelier-User", "climber"));
            assertThat(accepted.status()).isEqualTo(202);
            String jobId = (String) accepted.json().get("jobId");
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                var job = atelier.api().get("/api/jobs/" + jobId).json();
                return "running".equals(job.get("status")) && ((Number) ((Map<?, ?>) job.get("progress")).get("step")).intValue() > 0;
            });

            var jobs = admin.get("/admin/jobs");
            assertThat(admin.post("/admin/jobs/" + jobId + "/cancel", Map.of("_csrf", jobs.csrf())).status()).isEqualTo(303);

            JobStore store = atelier.context().getBean(JobStore.class);
            // The worker stops: the job's progress stops moving and no image is made.
            await().atMost(Duration.ofSeconds(30)).pollDelay(Duration.ofSeconds(1)).until(() -> {
                int before = store.find(UUID.fromString(jobId)).orElseThrow().step();
                Thread.sleep(1500);
                return store.find(UUID.fromString(jobId)).orElseThrow().step() == before;
            });
            var job = store.find(UUID.fromString(jobId)).orElseThrow();
            assertThat(job.status()).isEqualTo(JobStatus.CANCELLED);
            assertThat(job.step()).isLessThan(150);
            assertThat(job.imageIds()).isEmpty();
            QuotaLedger quota = atelier.context().getBean(QuotaLedger.class);
            UUID user = quota.userOf(UUID.fromString(jobId)).orElseThrow();
            assertThat(quota.taken(user, LocalDate.now(ZoneOffset.UTC))).isZero();
            // The worker is free for the next job.
            var next = atelier.api().postMessage(chat, Map.of("text", "a small hill", "steps", "2"), Map.of("X-Atelier-User", "climber"));
            assertThat(atelier.api().awaitJob((String) next.json().get("jobId"), Duration.ofSeconds(120)).get("status")).isEqualTo("done");
            assertThat(store.find(UUID.fromString(jobId)).orElseThrow().status()).isEqualTo(JobStatus.CANCELLED);
        }
    }
}
