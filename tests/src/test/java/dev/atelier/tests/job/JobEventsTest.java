package dev.atelier.tests.job;

import dev.atelier.app.queue.RedisJobEvents;
import dev.atelier.core.job.JobEvents;
import dev.atelier.core.job.JobStatus;
import dev.atelier.tests.support.TestServers;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class JobEventsTest {

    @Test
    void aListenerInOneProcessHearsTheEventsAnotherPublishes() {
        RedisClient client = RedisClient.create(TestServers.redis(14));
        try (StatefulRedisConnection<String, String> redis = client.connect();
             RedisJobEvents botSide = new RedisJobEvents(client, redis);
             RedisJobEvents workerSide = new RedisJobEvents(client, redis)) {
            List<JobEvents.Event> heard = new CopyOnWriteArrayList<>();
            botSide.subscribe(heard::add);
            JobEvents.Event done = new JobEvents.Event(UUID.randomUUID(), UUID.randomUUID(), JobStatus.DONE, 20, 20);

            workerSide.publish(new JobEvents.Event(done.jobId(), done.conversationId(), JobStatus.RUNNING, 3, 20));
            workerSide.publish(done);

            await().atMost(Duration.ofSeconds(5)).until(() -> heard.size() == 2);
            assertThat(heard.getLast()).isEqualTo(done);
            assertThat(heard.getFirst().step()).isEqualTo(3);
        } finally {
            client.shutdown();
        }
    }
}
