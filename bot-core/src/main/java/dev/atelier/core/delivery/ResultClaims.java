package dev.atelier.core.delivery;

import dev.atelier.core.job.Job;
import dev.atelier.core.job.JobStore;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/**
 * The first step of posting a result on any platform: take the ledger's claim and keep it only
 * for a job that is really finished. The caller then posts and calls {@link DeliveryLedger#delivered}
 * or, when posting fails, {@link DeliveryLedger#release} so the next sweep tries again.
 */
public final class ResultClaims {

    /** A claim older than this belongs to a process that died while posting. */
    public static final Duration STALE_CLAIM = Duration.ofMinutes(2);

    private final JobStore jobs;
    private final DeliveryLedger ledger;

    public ResultClaims(JobStore jobs, DeliveryLedger ledger) {
        this.jobs = jobs;
        this.ledger = ledger;
    }

    /** A finished job whose result this caller alone may post now. */
    public record Claimed(Job job, DeliveryLedger.Delivery delivery) {
    }

    /** Empty for a job that is not tracked, already posted, claimed by another, or not finished. */
    public Optional<Claimed> claim(UUID jobId) {
        // The claim first: for jobs of other platforms it is the only query.
        if (!ledger.claim(jobId, STALE_CLAIM)) return Optional.empty();
        Optional<Job> found = jobs.find(jobId);
        if (found.isEmpty() || !found.get().status().finished()) {
            ledger.release(jobId);
            return Optional.empty();
        }
        return Optional.of(new Claimed(found.get(), ledger.find(jobId).orElseThrow()));
    }
}
