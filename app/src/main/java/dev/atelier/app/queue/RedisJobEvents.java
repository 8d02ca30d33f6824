package dev.atelier.app.queue;

import dev.atelier.core.job.JobEvents;
import io.lettuce.core.api.StatefulRedisConnection;

/**
 * Job events on a Redis pub/sub channel, one line per event:
 * {@code <jobId> <conversationId> <status> <step> <steps>}. Fire and forget: progress is also
 * in PostgreSQL, so a listener that missed an event reads the job.
 */
public final class RedisJobEvents implements JobEvents {

    public static final String CHANNEL = "atelier:job-events";

    private final StatefulRedisConnection<String, String> redis;

    public RedisJobEvents(StatefulRedisConnection<String, String> redis) {
        this.redis = redis;
    }

    @Override
    public void publish(Event e) {
        redis.async().publish(CHANNEL, e.jobId() + " " + e.conversationId() + " " + e.status().wireName()
                + " " + e.step() + " " + e.steps());
    }
}
