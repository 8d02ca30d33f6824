package dev.atelier.core.job;

import java.util.UUID;

/**
 * Port: the job stream (a Redis Stream with a consumer group). Entries are job ids; the job
 * itself lives in {@link JobStore}. An entry is acknowledged only after its job is finished,
 * so a job whose worker died is delivered again.
 */
public interface JobQueue {

    void enqueue(UUID jobId);

    /** Starts consuming in background threads, calling {@code worker} for each entry. */
    void start(Worker worker);

    void stop();

    @FunctionalInterface
    interface Worker {
        /**
         * Runs the job to an end. Returns true when the job is finished (done, failed, or was
         * already), and the entry is acknowledged; false when another worker still holds it,
         * and the entry stays pending for whoever outlives the other's lease.
         */
        boolean run(UUID jobId);
    }
}
