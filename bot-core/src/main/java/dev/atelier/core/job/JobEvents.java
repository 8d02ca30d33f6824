package dev.atelier.core.job;

import java.util.UUID;

/**
 * Port: tells the adapters that a job moved (queued, progress, done, failed), so the one that
 * owns the chat can edit its status message or deliver the result. Redis pub/sub in the app,
 * so a bot process hears about jobs that a separate worker process runs.
 *
 * <p>Fire and forget: an event may be missed (a listener that was down) or arrive twice, so
 * listeners read the job from the {@link JobStore} and deliver idempotently.
 */
public interface JobEvents {

    void publish(Event event);

    /**
     * Calls {@code listener} for every event published by any Atelier process on the same
     * Redis, on a thread of the event system: the listener must hand slow work (Bot API
     * calls) to its own executor and never block.
     */
    void subscribe(Listener listener);

    @FunctionalInterface
    interface Listener {
        void on(Event event);
    }

    record Event(UUID jobId, UUID conversationId, JobStatus status, int step, int steps) {
    }
}
