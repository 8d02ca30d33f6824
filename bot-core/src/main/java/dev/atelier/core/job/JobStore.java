package dev.atelier.core.job;

import dev.atelier.core.image.Direction;
import dev.atelier.core.image.GenerationSettings;
import dev.atelier.core.image.Task;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Port: jobs in PostgreSQL, the source of truth for what is done and what is not. */
public interface JobStore {

    Job create(NewJob job);

    Optional<Job> find(UUID id);

    /** How many queued jobs were created before this one (0 = next), or 0 when not queued. */
    int position(UUID id);

    /**
     * Takes the job for this worker: QUEUED, or RUNNING whose lease ran out (its worker died),
     * becomes RUNNING with a new lease. Empty when another worker holds it or it is finished.
     */
    Optional<Job> claim(UUID id, String worker, java.time.Duration lease);

    /**
     * Puts the jobs a worker was running back in the queue: called by that worker when it
     * starts again, since a job it held when it stopped will never be finished by it otherwise.
     */
    List<UUID> requeueHeldBy(String worker);

    /** Records progress and renews the running worker's lease: a long job is not taken from a live worker. */
    void progress(UUID id, int step, int steps);

    /**
     * Jobs that may have fallen off the stream: queued and untouched for {@code queuedFor}
     * (Redis lost the entry, or was down when the job was accepted), or running with a lease
     * that ran out (their worker died). Marks them touched, so a sweep returns each once per
     * {@code queuedFor}.
     */
    List<UUID> stale(java.time.Duration queuedFor);

    /**
     * Adds generation time (the pipelines' wall time, measured by the worker) to the job and
     * returns its total in milliseconds; 0 only reads it. Kept on the job whatever its end, so
     * an admin sees what every job used; only a finished job's time counts against a quota.
     */
    long addGpuTime(UUID id, long millis);

    /** Records the result, once: false when the job was already finished. */
    boolean complete(UUID id, String text, List<String> prompts, List<UUID> imageIds);

    /** Records the failure, once: false when the job was already finished. */
    boolean fail(UUID id, String error);

    /**
     * Ends a queued or running job as cancelled, once: false when it had finished already. A
     * running job's worker sees it at its next step and stops ({@link JobControl}).
     */
    default boolean cancel(UUID id, String reason) {
        throw new UnsupportedOperationException("this job store cannot cancel jobs");
    }

    /** Puts a failed job back in the queue as a new attempt; false when it is not failed. */
    default boolean requeueFailed(UUID id) {
        throw new UnsupportedOperationException("this job store cannot retry jobs");
    }

    /** Jobs not finished (queued or running), oldest first: recovered after a restart. */
    List<UUID> unfinished();

    record NewJob(UUID id, UUID conversationId, UUID userTurnId, Task task, GenerationSettings settings,
                  UUID sourceImageId, UUID maskImageId, Direction direction, double amount) {
    }
}
