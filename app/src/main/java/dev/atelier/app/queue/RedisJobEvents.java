package dev.atelier.app.queue;

import dev.atelier.core.job.JobEvents;
import dev.atelier.core.job.JobStatus;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Job events on a Redis pub/sub channel, one line per event:
 * {@code <jobId> <conversationId> <status> <step> <steps>}, and a sixth field, the preview JPEG
 * in Base64, on the progress events that carry one (a 128-pixel preview is a few KB, so the
 * line stays small). Fire and forget: progress and results are in PostgreSQL, so a listener
 * that missed an event reads the job.
 */
public final class RedisJobEvents implements JobEvents, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RedisJobEvents.class);

    public static final String CHANNEL = "atelier:job-events";

    private final RedisClient client;
    private final StatefulRedisConnection<String, String> redis;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    /**
     * Listeners run here, in publication order, never on Lettuce's event loop: one slow
     * listener must not stall Redis for everyone else.
     */
    private final ExecutorService dispatch = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("atelier-job-events").daemon(true).factory());
    private StatefulRedisPubSubConnection<String, String> subscription;

    public RedisJobEvents(RedisClient client, StatefulRedisConnection<String, String> redis) {
        this.client = client;
        this.redis = redis;
    }

    @Override
    public void publish(Event e) {
        String line = e.jobId() + " " + e.conversationId() + " " + e.status().wireName() + " " + e.step() + " " + e.steps();
        if (e.hasPreview()) line += " " + Base64.getEncoder().encodeToString(e.preview());
        redis.async().publish(CHANNEL, line);
    }

    @Override
    public synchronized void subscribe(Listener listener) {
        listeners.add(listener);
        if (subscription != null) return;
        // A connection of its own: a subscribed Redis connection can do nothing else.
        subscription = client.connectPubSub();
        subscription.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String message) {
                Event event = parse(message);
                if (event == null) return;
                dispatch.execute(() -> {
                    for (Listener l : listeners) {
                        try {
                            l.on(event);
                        } catch (RuntimeException ex) {
                            LOG.warn("job event listener failed on {}", message, ex);
                        }
                    }
                });
            }
        });
        subscription.sync().subscribe(CHANNEL);
    }

    @Override
    public synchronized void close() {
        if (subscription != null) subscription.close();
        dispatch.shutdown();
    }

    static Event parse(String line) {
        String[] p = line.split(" ");
        if (p.length != 5 && p.length != 6) return null;
        try {
            return new Event(UUID.fromString(p[0]), UUID.fromString(p[1]),
                    JobStatus.valueOf(p[2].toUpperCase(Locale.ROOT)), Integer.parseInt(p[3]), Integer.parseInt(p[4]),
                    p.length == 6 ? Base64.getDecoder().decode(p[5]) : null);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
