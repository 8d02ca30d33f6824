package dev.atelier.discord;

import dev.atelier.core.delivery.DeliveryLedger;
import dev.atelier.core.delivery.JobResult;
import dev.atelier.core.delivery.ResultClaims;
import dev.atelier.core.delivery.StatusWords;
import dev.atelier.core.image.ImageStore;
import dev.atelier.core.job.Job;
import dev.atelier.core.job.JobEvents;
import dev.atelier.core.job.JobStatus;
import dev.atelier.core.job.JobStore;
import net.dv8tion.jda.api.utils.messages.MessageEditData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Progress and results of the jobs Discord users started. Job events arrive on the event system's
 * thread, which must never wait on Discord: progress edits are only queued there (JDA sends them
 * in order per message), and results are posted from an executor of our own. The delivery ledger
 * makes a result go out once, whether the event or the sweep gets there first.
 */
final class ResultDelivery implements JobEvents.Listener, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ResultDelivery.class);
    /** Edits only when the bar moved a cell: fewer calls, well inside Discord's rate limits. */
    private static final int EDIT_STEP_PERCENT = 10;
    /** Longer than any upload of a result to a healthy Discord; a stuck one is retried by the sweep. */
    private static final long POST_TIMEOUT_SECONDS = 60;

    private final JobStore jobs;
    private final ImageStore images;
    private final DeliveryLedger ledger;
    private final ResultClaims claims;
    private final long editIntervalNanos;
    private final long uploadLimit;
    /** Told of each job whose result went out, so the buttons that started it may be pressed again. */
    private volatile Consumer<UUID> delivered = id -> { };
    private volatile Function<DeliveryLedger.Delivery, Optional<Reply>> restorer = delivery -> Optional.empty();
    private final Map<UUID, Watched> watched = new ConcurrentHashMap<>();
    private final ThreadPoolExecutor posts;
    private volatile boolean closed;

    /** A job whose reply this process owns; {@code reply} is null until the status message is out. */
    private static final class Watched {
        volatile Reply reply;
        int shownPercent = -1;
        long lastEditNanos;
        int step;
        int steps;
        boolean done;
        /** The latest preview the pipeline published (a small JPEG), or null. */
        volatile byte[] preview;
    }

    ResultDelivery(JobStore jobs, ImageStore images, DeliveryLedger ledger, Duration editInterval, long uploadLimit) {
        this.uploadLimit = uploadLimit;
        this.jobs = jobs;
        this.images = images;
        this.ledger = ledger;
        this.claims = new ResultClaims(jobs, ledger);
        this.editIntervalNanos = editInterval.toNanos();
        posts = new ThreadPoolExecutor(2, 2, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(2000), r -> {
            Thread t = new Thread(r, "discord-results");
            t.setDaemon(true);
            return t;
        }, (r, e) -> LOG.warn("too many Discord results waiting; the sweep will post the rest"));
        posts.allowCoreThreadTimeOut(true);
    }

    /** Reads a reply back from its address in the ledger, once the bot is logged in. */
    void restoreWith(Function<DeliveryLedger.Delivery, Optional<Reply>> restorer) {
        this.restorer = restorer;
    }

    void onDelivered(Consumer<UUID> listener) {
        delivered = listener;
    }

    /** The job's reply is not there yet (a status message on its way): hold its result until {@link #replyReady}. */
    void expect(UUID jobId) {
        watched.putIfAbsent(jobId, new Watched());
    }

    /** Progress and the result of the job go to {@code reply} from now on. */
    void replyReady(UUID jobId, Reply reply) {
        Watched w = watched.computeIfAbsent(jobId, id -> new Watched());
        w.reply = reply;
        // A quick job may have finished before its reply was known.
        if (jobs.find(jobId).map(j -> j.status().finished()).orElse(false)) deliverSoon(jobId);
    }

    void deliverSoon(UUID jobId) {
        if (closed) return;
        try {
            posts.execute(() -> deliver(jobId));
        } catch (RejectedExecutionException e) {
            LOG.debug("result of job {} left to the sweep", jobId);
        }
    }

    /** On the event system's thread: decide, queue, return. */
    @Override
    public void on(JobEvents.Event event) {
        if (closed) return;
        Watched w = watched.get(event.jobId());
        if (w == null) return;
        if (event.status().finished()) {
            deliverSoon(event.jobId());
        } else if (event.status() == JobStatus.RUNNING) {
            if (event.hasPreview()) w.preview = event.preview();
            maybeEdit(w, event.step(), event.steps());
        }
    }

    private void maybeEdit(Watched w, int step, int steps) {
        Reply reply = w.reply;
        if (reply == null || !reply.editable()) return;
        synchronized (w) {
            int percent = StatusWords.percent(step, steps);
            long now = System.nanoTime();
            boolean due = percent - w.shownPercent >= EDIT_STEP_PERCENT && now - w.lastEditNanos >= editIntervalNanos;
            if (w.done || !due || percent >= 100) return;
            w.shownPercent = percent;
            w.lastEditNanos = now;
            // Queued under the lock: no progress edit can be queued after the result's edit. Each edit
            // replaces the whole message, so the latest preview (a few KB) goes with every one.
            byte[] preview = w.preview;
            String progress = StatusWords.progress(step, steps);
            reply.edit(preview == null ? ResultMessage.text(progress) : ResultMessage.progress(progress, preview))
                    .queue(null, e -> LOG.debug("progress edit failed: {}", e.getMessage()));
        }
    }

    /** Posts the result of a finished job once; anything else (not ours, not finished, posted) is left alone. */
    void deliver(UUID jobId) {
        Watched w = watched.get(jobId);
        // Only jobs whose reply this process holds: an interaction token lives in memory only.
        if (closed || w == null || w.reply == null) return;
        Optional<ResultClaims.Claimed> claimed = claims.claim(jobId);
        if (claimed.isEmpty()) {
            // Posted already (by another process, or an earlier attempt): nothing more to watch.
            if (ledger.find(jobId).map(d -> d.deliveredAt() != null).orElse(true)) watched.remove(jobId);
            return;
        }
        Job job = claimed.get().job();
        String key = claimed.get().delivery().actionKey();
        try {
            MessageEditData result = resultOf(job, key);
            synchronized (w) {
                w.done = true;
            }
            w.reply.deliver(result).submit().get(POST_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            ledger.delivered(jobId);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ledger.release(jobId);
            return;
        } catch (Exception e) {
            LOG.warn("posting the result of job {} to Discord failed; the sweep tries again", jobId, e);
            synchronized (w) {
                w.done = false;
            }
            ledger.release(jobId);
            return;
        }
        watched.remove(jobId);
        delivered.accept(jobId);
    }

    private MessageEditData resultOf(Job job, String key) {
        return switch (JobResult.of(job, images)) {
            case JobResult.Pictures p -> ResultMessage.images(job, p.pictures().stream().map(JobResult.Picture::png).toList(), key, uploadLimit);
            case JobResult.Words w -> ResultMessage.text(w.text());
        };
    }

    /**
     * Finished jobs whose event was missed: those whose reply this process holds (pub/sub dropped
     * the event), and those the ledger still lists as undelivered, whose reply is read back from
     * its address (the bot was down when they finished, or another bot process took them).
     */
    void sweep() {
        try {
            for (DeliveryLedger.Delivery d : ledger.pending(DiscordTurns.PLATFORM, ResultClaims.STALE_CLAIM, 100)) {
                if (watched.containsKey(d.jobId())) continue;
                restorer.apply(d).ifPresent(reply -> {
                    Watched w = new Watched();
                    w.reply = reply;
                    watched.putIfAbsent(d.jobId(), w);
                });
            }
        } catch (RuntimeException e) {
            LOG.warn("looking for undelivered Discord results failed", e);
        }
        for (Map.Entry<UUID, Watched> e : watched.entrySet()) {
            if (e.getValue().reply == null) continue;
            try {
                if (jobs.find(e.getKey()).map(j -> j.status().finished()).orElse(false)) deliverSoon(e.getKey());
            } catch (RuntimeException ex) {
                LOG.warn("looking at Discord job {} failed", e.getKey(), ex);
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        posts.shutdown();
        try {
            if (!posts.awaitTermination(10, TimeUnit.SECONDS)) posts.shutdownNow();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            posts.shutdownNow();
        }
    }
}
