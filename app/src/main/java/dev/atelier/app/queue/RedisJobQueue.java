package dev.atelier.app.queue;

import dev.atelier.core.job.JobQueue;
import io.lettuce.core.Consumer;
import io.lettuce.core.RedisBusyException;
import io.lettuce.core.RedisClient;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XAddArgs;
import io.lettuce.core.XAutoClaimArgs;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The job stream: a Redis Stream read through a consumer group. An entry is acknowledged only
 * after its job ran to an end, so a worker that dies leaves it pending; the same worker reads
 * its own pending entries first when it comes back, and any worker takes over entries idle
 * longer than {@code claimAfter} (XAUTOCLAIM). The job's state in PostgreSQL decides whether
 * a delivery still has work to do, so a second delivery never runs a job twice.
 */
public final class RedisJobQueue implements JobQueue {

    private static final Logger LOG = LoggerFactory.getLogger(RedisJobQueue.class);

    static final String STREAM = "atelier:jobs";
    static final String GROUP = "workers";
    private static final String FIELD = "job";
    /** Acknowledged entries are trimmed away; this bounds the stream whatever the traffic. */
    private static final long MAX_STREAM_LENGTH = 100_000;

    private final RedisClient client;
    private final StatefulRedisConnection<String, String> producer;
    private final String consumerPrefix;
    private final int concurrency;
    private final Duration claimAfter;
    private volatile Runnable onStreamLost = () -> { };
    private final List<Thread> threads = new ArrayList<>();
    private final List<StatefulRedisConnection<String, String>> consumers = new ArrayList<>();
    private volatile boolean running;

    public RedisJobQueue(RedisClient client, StatefulRedisConnection<String, String> producer, String consumerPrefix,
                         int concurrency, Duration claimAfter) {
        this.client = client;
        this.producer = producer;
        this.consumerPrefix = consumerPrefix;
        this.concurrency = concurrency;
        this.claimAfter = claimAfter;
    }

    @Override
    public void enqueue(UUID jobId) {
        producer.sync().xadd(STREAM, XAddArgs.Builder.maxlen(MAX_STREAM_LENGTH).approximateTrimming(),
                Map.of(FIELD, jobId.toString()));
    }

    /** What to do when Redis lost the stream: the worker re-queues PostgreSQL's unfinished jobs. */
    public void onStreamLost(Runnable action) {
        this.onStreamLost = action;
    }

    @Override
    public synchronized void start(Worker worker) {
        if (running) return;
        running = true;
        createGroup();
        for (int i = 0; i < concurrency; i++) {
            String name = consumerPrefix + "-" + i;
            // Its own connection: a blocking XREADGROUP would stall every other command on a shared one.
            StatefulRedisConnection<String, String> connection = client.connect();
            consumers.add(connection);
            Thread thread = Thread.ofPlatform().name("atelier-" + name).daemon(true)
                    .start(() -> consume(name, connection.sync(), worker));
            threads.add(thread);
        }
    }

    @Override
    public synchronized void stop() {
        running = false;
        // Each consumer finishes the job in hand; a blocked read returns within its 1 s block.
        for (Thread thread : threads) {
            try {
                thread.join(Duration.ofMinutes(2));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        threads.clear();
        consumers.forEach(StatefulRedisConnection::close);
        consumers.clear();
    }

    private void createGroup() {
        try {
            // From the start of the stream: entries written before the group existed are jobs too.
            producer.sync().xgroupCreate(XReadArgs.StreamOffset.from(STREAM, "0-0"), GROUP,
                    XGroupCreateArgs.Builder.mkstream());
        } catch (RedisBusyException e) {
            // BUSYGROUP: the group exists already.
        }
    }

    private void consume(String name, RedisCommands<String, String> redis, Worker worker) {
        Consumer<String> me = Consumer.from(GROUP, name);
        boolean ownPendingDone = false;
        while (running) {
            try {
                if (!ownPendingDone) {
                    // 1. What this consumer had taken before a crash or restart.
                    handle(redis, worker, redis.xreadgroup(me, XReadArgs.Builder.count(100),
                            XReadArgs.StreamOffset.from(STREAM, "0-0")));
                    ownPendingDone = true;
                }
                // 2. Entries another worker took and then went quiet on.
                var claimed = redis.xautoclaim(STREAM, new XAutoClaimArgs<String>().consumer(me)
                        .minIdleTime(claimAfter).startId("0-0").count(1));
                handle(redis, worker, claimed.getMessages());
                // 3. New entries, waiting briefly so stop() is honoured soon.
                handle(redis, worker, redis.xreadgroup(me, XReadArgs.Builder.block(Duration.ofSeconds(1)).count(1),
                        XReadArgs.StreamOffset.lastConsumed(STREAM)));
            } catch (RuntimeException e) {
                if (!running) break;
                if (String.valueOf(e.getMessage()).startsWith("NOGROUP")) {
                    // Redis lost the stream (flushed, or a new server): start a new group and let
                    // PostgreSQL say which jobs are still to do.
                    LOG.warn("the job stream is gone from Redis; recreating it and re-queueing unfinished jobs");
                    createGroup();
                    onStreamLost.run();
                    continue;
                }
                LOG.warn("job stream read failed; retrying in a second", e);
                sleep(Duration.ofSeconds(1));
            }
        }
    }

    private void handle(RedisCommands<String, String> redis, Worker worker, List<StreamMessage<String, String>> messages) {
        if (messages == null) return;
        for (StreamMessage<String, String> message : messages) {
            String id = message.getBody() == null ? null : message.getBody().get(FIELD);
            if (id == null) {
                redis.xack(STREAM, GROUP, message.getId()); // a deleted or foreign entry
                continue;
            }
            try {
                if (worker.run(UUID.fromString(id))) {
                    redis.xack(STREAM, GROUP, message.getId());
                }
            } catch (RuntimeException e) {
                // Not acknowledged: it stays pending and is claimed again after claimAfter.
                LOG.error("job {} could not be run; it stays in the stream", id, e);
            }
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
