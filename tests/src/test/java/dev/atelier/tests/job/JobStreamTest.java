package dev.atelier.tests.job;

import dev.atelier.app.queue.RedisJobQueue;
import dev.atelier.tests.support.TestServers;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The job stream on a real Redis: what happens to an entry when its worker dies. */
@DisplayName("Job stream (Redis Streams, consumer group)")
class JobStreamTest {

    private RedisClient client;
    private StatefulRedisConnection<String, String> redis;

    @BeforeEach
    void connect() {
        client = RedisClient.create(TestServers.redis(15));
        redis = client.connect();
        redis.sync().flushdb();
    }

    @AfterEach
    void close() {
        redis.close();
        client.shutdown();
    }

    @Test
    void anEntryWhoseWorkerDiedIsTakenOverByAnotherWorkerAndRunOnce() {
        UUID job = UUID.randomUUID();
        List<UUID> ranByFirst = new CopyOnWriteArrayList<>();
        List<UUID> ranBySecond = new CopyOnWriteArrayList<>();

        // GIVEN a worker that takes the entry and dies before acknowledging it
        RedisJobQueue first = new RedisJobQueue(client, redis, "first", 1, Duration.ofMinutes(10));
        first.enqueue(job);
        first.start(id -> {
            ranByFirst.add(id);
            throw new IllegalStateException("worker died mid-job");
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> ranByFirst.size() == 1);
        first.stop();

        // WHEN another worker runs, taking over entries idle for 300 ms
        RedisJobQueue second = new RedisJobQueue(client, redis, "second", 1, Duration.ofMillis(300));
        second.start(ranBySecond::add);
        try {
            // THEN it runs the job, and only once
            await().atMost(Duration.ofSeconds(10)).until(() -> ranBySecond.size() == 1);
            await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3)).until(() -> ranBySecond.size() == 1);
            assertThat(ranBySecond).containsExactly(job);
            assertThat(redis.sync().xpending("atelier:jobs", "workers").getCount()).isZero();
        } finally {
            second.stop();
        }
    }

    @Test
    void anAcknowledgedEntryIsNotDeliveredAgainAfterARestart() {
        UUID job = UUID.randomUUID();
        List<UUID> ran = new CopyOnWriteArrayList<>();
        RedisJobQueue queue = new RedisJobQueue(client, redis, "worker", 1, Duration.ofMillis(300));
        queue.enqueue(job);
        queue.start(ran::add);
        await().atMost(Duration.ofSeconds(10)).until(() -> ran.size() == 1);
        queue.stop();

        RedisJobQueue again = new RedisJobQueue(client, redis, "worker", 1, Duration.ofMillis(300));
        again.start(ran::add);
        try {
            await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3)).until(() -> ran.size() == 1);
        } finally {
            again.stop();
        }
    }
}
