package dev.atelier.telegram;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A few single-thread lanes; each chat always uses the same one, so one person's messages and
 * button presses are handled in the order they were sent, while other chats go on in the other
 * lanes. Bounded, and nothing taken is dropped: the poller waits for room ({@link #submit}),
 * which holds back the next getUpdates (Telegram keeps the rest); the webhook asks first
 * ({@link #offer}) and answers 503 when the lane is full, so Telegram sends the update again.
 */
final class ChatLanes implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ChatLanes.class);

    private final ThreadPoolExecutor[] lanes;

    ChatLanes(int count, int queuePerLane) {
        lanes = new ThreadPoolExecutor[count];
        AtomicInteger n = new AtomicInteger();
        for (int i = 0; i < count; i++) {
            lanes[i] = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(queuePerLane),
                    r -> {
                        Thread t = new Thread(r, "telegram-chat-" + n.incrementAndGet());
                        t.setDaemon(true);
                        return t;
                    });
            // Started now, so work put straight into the queue (submit) always has a thread to run it.
            lanes[i].prestartAllCoreThreads();
        }
    }

    /** Queues the work, waiting while the chat's lane is full. False only when the lanes are closing. */
    boolean submit(long chatId, Runnable work) {
        ThreadPoolExecutor lane = lane(chatId);
        try {
            while (!lane.isShutdown()) {
                if (lane.getQueue().offer(guarded(chatId, work), 1, TimeUnit.SECONDS)) return true;
                LOG.debug("Telegram chat {}: its lane is full; waiting for room", chatId);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.warn("Telegram chat {}: an update came while the bot was stopping; it was not handled", chatId);
        return false;
    }

    /** Queues the work if the chat's lane has room now. */
    boolean offer(long chatId, Runnable work) {
        try {
            lane(chatId).execute(guarded(chatId, work));
            return true;
        } catch (RejectedExecutionException e) {
            LOG.info("Telegram chat {}: too many updates waiting; this one is left for Telegram to send again", chatId);
            return false;
        }
    }

    private ThreadPoolExecutor lane(long chatId) {
        return lanes[Math.floorMod(Long.hashCode(chatId), lanes.length)];
    }

    private static Runnable guarded(long chatId, Runnable work) {
        return () -> {
            try {
                work.run();
            } catch (RuntimeException e) {
                LOG.warn("Telegram chat {}: handling an update failed", chatId, e);
            }
        };
    }

    @Override
    public void close() {
        for (ThreadPoolExecutor lane : lanes) lane.shutdown();
        for (ThreadPoolExecutor lane : lanes) {
            try {
                if (!lane.awaitTermination(5, TimeUnit.SECONDS)) lane.shutdownNow();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                lane.shutdownNow();
            }
        }
    }
}
