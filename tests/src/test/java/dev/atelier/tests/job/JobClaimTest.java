package dev.atelier.tests.job;

import com.zaxxer.hikari.HikariDataSource;
import dev.atelier.app.store.JdbcConversationStore;
import dev.atelier.app.store.JdbcJobStore;
import dev.atelier.core.conversation.ConversationStore.NewTurn;
import dev.atelier.core.conversation.Turn;
import dev.atelier.core.image.GenerationSettings;
import dev.atelier.core.image.Task;
import dev.atelier.core.job.Job;
import dev.atelier.core.job.JobStatus;
import dev.atelier.core.job.JobStore;
import dev.atelier.tests.support.TestServers;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Claiming and finishing jobs on a real PostgreSQL: every state change happens once. */
@DisplayName("Job claims (PostgreSQL)")
class JobClaimTest {

    private static HikariDataSource dataSource;
    private static JdbcJobStore jobs;
    private static JdbcConversationStore conversations;

    @BeforeAll
    static void database() {
        dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(TestServers.freshDatabase());
        Flyway.configure().dataSource(dataSource).load().migrate();
        jobs = new JdbcJobStore(dataSource, Duration.ofMinutes(5));
        conversations = new JdbcConversationStore(dataSource);
    }

    @AfterAll
    static void close() {
        dataSource.close();
    }

    private UUID newJob() {
        var conversation = conversations.create("test", UUID.randomUUID().toString(), null);
        UUID id = UUID.randomUUID();
        GenerationSettings settings = new GenerationSettings(64, 64, 2, 7.5, 1, "", 0.6);
        Turn turn = conversations.append(new NewTurn(conversation.id(), Turn.Role.USER, "a cat", Task.GENERATE,
                List.of(), List.of(), settings, id));
        jobs.create(new JobStore.NewJob(id, conversation.id(), turn.id(), Task.GENERATE, settings, null, null, null, 0));
        return id;
    }

    @Test
    void eightWorkersClaimingTheSameJobAtOnceGiveItToExactlyOne() throws Exception {
        UUID id = newJob();
        try (var pool = Executors.newFixedThreadPool(8)) {
            List<Callable<Optional<Job>>> claims = IntStream.range(0, 8)
                    .<Callable<Optional<Job>>>mapToObj(i -> () -> jobs.claim(id, "w" + i, Duration.ofMinutes(5))).toList();
            long winners = 0;
            for (Future<Optional<Job>> f : pool.invokeAll(claims)) winners += f.get().isPresent() ? 1 : 0;
            assertThat(winners).isEqualTo(1);
        }
        assertThat(jobs.find(id).orElseThrow().status()).isEqualTo(JobStatus.RUNNING);
    }

    @Test
    void aJobIsFinishedOnceAndThenNoLongerClaimable() {
        UUID id = newJob();
        assertThat(jobs.claim(id, "w", Duration.ofMinutes(5))).isPresent();
        assertThat(jobs.complete(id, "done", List.of("a cat"), List.of())).isTrue();
        assertThat(jobs.complete(id, "again", List.of("a dog"), List.of())).isFalse();
        assertThat(jobs.fail(id, "late failure")).isFalse();
        assertThat(jobs.claim(id, "other", Duration.ofMinutes(5))).isEmpty();
        assertThat(jobs.find(id).orElseThrow().text()).isEqualTo("done");
    }

    @Test
    void aRunningJobWhoseLeaseRanOutCanBeTakenByAnotherWorker() throws Exception {
        UUID id = newJob();
        assertThat(jobs.claim(id, "dead", Duration.ofMillis(200))).isPresent();
        assertThat(jobs.claim(id, "alive", Duration.ofMinutes(5))).as("lease still running").isEmpty();
        Thread.sleep(400);
        Optional<Job> taken = jobs.claim(id, "alive", Duration.ofMinutes(5));
        assertThat(taken).isPresent();
        assertThat(taken.get().attempts()).isEqualTo(2);
    }

    @Test
    void theSweepFindsQueuedJobsNobodyTouchedAndRunningJobsWhoseLeaseRanOut() throws Exception {
        UUID forgotten = newJob();
        UUID fresh;
        UUID orphaned = newJob();
        UUID alive = newJob();
        jobs.claim(orphaned, "dead", Duration.ofMillis(100));
        jobs.claim(alive, "alive", Duration.ofHours(1));
        Thread.sleep(300);
        fresh = newJob();

        List<UUID> stale = jobs.stale(Duration.ofMillis(250));

        assertThat(stale).contains(forgotten, orphaned).doesNotContain(alive, fresh);
        assertThat(jobs.stale(Duration.ofMillis(250))).as("touched: not again at once").doesNotContain(forgotten);
    }

    @Test
    void progressRenewsTheLeaseOfALongJob() throws Exception {
        UUID id = newJob();
        JdbcJobStore shortLeases = new JdbcJobStore(dataSource, Duration.ofSeconds(30));
        shortLeases.claim(id, "slow", Duration.ofMillis(200));
        Thread.sleep(100);
        shortLeases.progress(id, 1, 20);
        Thread.sleep(200);
        assertThat(jobs.claim(id, "thief", Duration.ofMinutes(5))).as("lease renewed by progress").isEmpty();
    }

    @Test
    void aRestartedWorkerGetsItsOwnRunningJobsBack() {
        UUID mine = newJob();
        UUID theirs = newJob();
        jobs.claim(mine, "me", Duration.ofHours(1));
        jobs.claim(theirs, "them", Duration.ofHours(1));

        assertThat(jobs.requeueHeldBy("me")).containsExactly(mine);
        assertThat(jobs.find(mine).orElseThrow().status()).isEqualTo(JobStatus.QUEUED);
        assertThat(jobs.find(theirs).orElseThrow().status()).isEqualTo(JobStatus.RUNNING);
    }
}
