package dev.atelier.core.job;

import java.util.UUID;

/**
 * Port: tells the adapters that a job moved (progress, done, failed), so the one that owns
 * the chat can edit its status message or deliver the result. Redis pub/sub in the app.
 * Delivery must be idempotent on the receiving side: an event may arrive twice.
 */
public interface JobEvents {

    void publish(Event event);

    record Event(UUID jobId, UUID conversationId, JobStatus status, int step, int steps) {
    }
}
