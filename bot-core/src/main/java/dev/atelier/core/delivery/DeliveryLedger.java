package dev.atelier.core.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Port: which jobs a chat adapter owes a reply, and which it has answered (PostgreSQL). Job
 * events are fire and forget, so an adapter cannot rely on hearing that a job finished; it
 * records each job it started here and delivers, on an event or on a sweep, every finished
 * job that has no delivery yet. {@link #claim} makes one process the one that posts.
 *
 * <p>A crash between posting and {@link #delivered} posts that result again when the claim
 * goes stale: the rare duplicate is preferred to a reply that never comes.
 */
public interface DeliveryLedger {

    /** Records that {@code jobId} is to be answered in a chat; again for the same job returns the first record. */
    Delivery track(UUID jobId, String platform, String chatId);

    Optional<Delivery> find(UUID jobId);

    /** The delivery whose result carries this button key. */
    Optional<Delivery> findByActionKey(String actionKey);

    /** The message that shows the job's progress, to edit and to remove when the result is posted. */
    void setStatusMessage(UUID jobId, String messageId);

    /**
     * Takes the right to post the result: true for one caller only, unless that caller's claim is
     * older than {@code staleAfter} (it died). False when already delivered or not tracked.
     */
    boolean claim(UUID jobId, Duration staleAfter);

    /** Gives a claim back after a failed attempt, so the next sweep tries again. */
    void release(UUID jobId);

    void delivered(UUID jobId);

    /** Tracked jobs of a platform that are finished but not delivered and not claimed (or claimed long ago), oldest first. */
    List<Delivery> pending(String platform, Duration staleAfter, int limit);

    /** The job the last press of {@code action} on a result started, if any. */
    Optional<UUID> actionJob(String actionKey, String action);

    void recordAction(String actionKey, String action, UUID jobId);

    /**
     * @param actionKey       the short key the result's buttons carry
     * @param statusMessageId the platform's id of the progress message, {@code null} until sent
     */
    record Delivery(UUID jobId, String platform, String chatId, String actionKey, String statusMessageId,
                    Instant deliveredAt) {
    }
}
