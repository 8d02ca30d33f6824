package dev.atelier.core.job;

import dev.atelier.core.rules.AuditLog;
import dev.atelier.core.rules.QuotaLedger;
import dev.atelier.core.rules.TurnRules;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;
import java.util.UUID;

/**
 * Steps into jobs from outside the turn flow (the admin console): cancel a queued or running
 * job, retry a failed one. PostgreSQL is written first, as everywhere: a cancelled queued job
 * is never claimed (its stream entry is acknowledged when a worker meets it), a running one
 * stops at its next step because the worker asks the store between steps
 * ({@link #cancelRequested}), and the chat that owns the job hears a {@code cancelled} event.
 */
public final class JobControl {

    private static final Logger LOG = LoggerFactory.getLogger(JobControl.class);

    /** What the job's chat is told. */
    public static final String CANCELLED = "This request was cancelled by the bot's moderators.";

    private final JobStore jobs;
    private final JobQueue queue;
    private final JobEvents events;
    private final QuotaLedger quotas;
    private final TurnRules rules;
    private final AuditLog audit;

    public JobControl(JobStore jobs, JobQueue queue, JobEvents events, QuotaLedger quotas, TurnRules rules, AuditLog audit) {
        this.jobs = jobs;
        this.queue = queue;
        this.events = events;
        this.quotas = quotas;
        this.rules = rules;
        this.audit = audit;
    }

    public enum Outcome { DONE, NOT_FOUND, NOT_ALLOWED }

    /**
     * Cancels a queued or running job: its reserved image goes back to the user's day. A job
     * that had finished is left alone ({@code NOT_ALLOWED}).
     */
    public Outcome cancel(String actor, UUID jobId) {
        Optional<Job> job = jobs.find(jobId);
        if (job.isEmpty()) return Outcome.NOT_FOUND;
        // The chat sees this line (who cancelled is in the audit log, not shown to the user).
        if (!jobs.cancel(jobId, CANCELLED)) return Outcome.NOT_ALLOWED;
        quotas.release(jobId);
        audit.record(actor, "job.cancel", "job:" + jobId, "was " + job.get().status().wireName());
        LOG.info("job {} cancelled by {} (it was {})", jobId, actor, job.get().status().wireName());
        events.publish(new JobEvents.Event(jobId, job.get().conversationId(), JobStatus.CANCELLED,
                job.get().step(), job.get().steps()));
        return Outcome.DONE;
    }

    /**
     * Queues a failed job again, reserving its images against the user's day once more.
     *
     * @throws dev.atelier.core.turn.RejectedTurnException when the user is banned, or their day is full
     *         (images or generation time)
     */
    public Outcome retry(String actor, UUID jobId) {
        Optional<Job> job = jobs.find(jobId);
        if (job.isEmpty()) return Outcome.NOT_FOUND;
        if (job.get().status() != JobStatus.FAILED) return Outcome.NOT_ALLOWED;
        Optional<UUID> user = quotas.userOf(jobId);
        if (user.isPresent()) rules.reserveAgain(user.get(), jobId);
        if (!jobs.requeueFailed(jobId)) {
            // Someone else retried it first; give back what was just reserved.
            if (user.isPresent()) quotas.release(jobId);
            return Outcome.NOT_ALLOWED;
        }
        audit.record(actor, "job.retry", "job:" + jobId, job.get().error());
        LOG.info("job {} retried by {}", jobId, actor);
        try {
            queue.enqueue(jobId);
            events.publish(new JobEvents.Event(jobId, job.get().conversationId(), JobStatus.QUEUED, 0, job.get().steps()));
        } catch (RuntimeException e) {
            LOG.warn("job {} is queued in the store but not on the stream; the sweep will queue it", jobId, e);
        }
        return Outcome.DONE;
    }

    /** Asked by the worker between steps: has the job been cancelled since it started? */
    public boolean cancelRequested(UUID jobId) {
        return jobs.find(jobId).map(j -> j.status() == JobStatus.CANCELLED).orElse(false);
    }
}
