package dev.atelier.core.rules;

import java.time.LocalDate;
import java.util.UUID;

/**
 * Port: images and generation time counted against each user's day. A job reserves an image at
 * accept, atomically against the limit (two turns racing for the last image cannot both win);
 * when it ends the reservation becomes the images it made and the GPU time it used, or is given
 * back when it failed (and its GPU time is not counted). Settling is once per job: a job
 * finished twice (a retried worker) is not counted twice. Both count against the day the job
 * was accepted.
 */
public interface QuotaLedger {

    /** Reserves {@code images} for the job if the day's use plus reservations stays within {@code limit} (0 = none). */
    boolean reserve(UUID userId, UUID jobId, LocalDate day, int images, int limit);

    /** The job ended: its reservation becomes {@code images} used (0 gives it all back). */
    default void settle(UUID jobId, int images) {
        settle(jobId, images, 0);
    }

    /**
     * The job ended: its reservation becomes {@code images} used (0 gives it all back), and
     * {@code gpuMillis} of generation time count against the same day.
     */
    void settle(UUID jobId, int images, long gpuMillis);

    /** The job failed, or was never stored: its reservation is given back. */
    void release(UUID jobId);

    /**
     * Reserves the job's images (all of a batch's) again for a retry (its reservation was given back when it
     * failed), on {@code day} and within {@code limit} as {@link #reserve} does; false when the
     * user's day is full or the job has no given-back reservation.
     */
    default boolean reserveAgain(UUID jobId, LocalDate day, int limit) {
        throw new UnsupportedOperationException("this quota ledger cannot reserve again");
    }

    /** The user whose day the job's reservation counts against. */
    default java.util.Optional<UUID> userOf(UUID jobId) {
        return java.util.Optional.empty();
    }

    /** Images used and reserved by the user on that day. */
    int taken(UUID userId, LocalDate day);

    /** Milliseconds of generation the user's finished jobs used on that day. */
    long gpuMillisUsed(UUID userId, LocalDate day);
}
