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
 * lanes. Bounded: when a lane is full the update is dropped with a warning instead of blocking
 * the poller (the person can send it again).
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
        }
    }

    void submit(long chatId, Runnable work) {
        ThreadPoolExecutor lane = lanes[Math.floorMod(Long.hashCode(chatId), lanes.length)];
        try {
            lane.execute(() -> {
                try {
                    work.run();
                } catch (RuntimeException e) {
                    LOG.warn("Telegram chat {}: handling an update failed", chatId, e);
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.warn("Telegram chat {}: too many updates waiting; one was dropped", chatId);
        }
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
