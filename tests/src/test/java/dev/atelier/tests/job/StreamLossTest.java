package dev.atelier.tests.job;

import dev.atelier.tests.support.Api;
import dev.atelier.tests.support.RunningAtelier;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Redis losing its data does not stop Atelier")
class StreamLossTest {

    @Test
    void afterRedisIsWipedNewMessagesAreStillAnswered() {
        try (RunningAtelier atelier = RunningAtelier.onTestServers(Map.of())) {
            Api api = atelier.api();
            String conversation = api.createConversation();
            assertThat(api.turn(conversation, Map.of("text", "a harbour", "width", "64", "height", "64", "steps", "1"))
                    .get("status")).isEqualTo("done");

            // WHEN Redis loses everything (a flush, a new empty server)
            String url = atelier.context().getBean(dev.atelier.app.wiring.Servers.class).redisUrl();
            RedisClient client = RedisClient.create(url);
            try (StatefulRedisConnection<String, String> redis = client.connect()) {
                redis.sync().flushdb();
            } finally {
                client.shutdown();
            }

            // THEN the next message is still answered, and the earlier conversation is intact
            assertThat(api.turn(conversation, Map.of("text", "a lighthouse", "width", "64", "height", "64", "steps", "1"))
                    .get("status")).isEqualTo("done");
            assertThat((java.util.List<?>) api.get("/api/conversations/" + conversation).json().get("turns")).hasSize(4);
        }
    }
}
