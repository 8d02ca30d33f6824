package dev.atelier.core.dedup;

import java.util.Optional;
import java.util.UUID;

/**
 * Port: remembers which platform messages were already accepted (Redis, with an expiry), so a
 * retried webhook, a re-sent gateway event or a double click starts one job, not two.
 */
public interface Deduplicator {

    /**
     * Claims a platform message id for a job. Returns empty when this is the first time, or
     * the job that the earlier delivery started.
     */
    Optional<UUID> claim(String platform, String messageId, UUID jobId);

    /** Forgets a claim (the turn was rejected after claiming, so a retry may go through). */
    void release(String platform, String messageId);
}
