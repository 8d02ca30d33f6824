package dev.atelier.app.wiring;

import dev.atelier.app.config.AtelierConfig;
import dev.atelier.app.config.WorkerConfig;
import dev.atelier.app.queue.RedisJobQueue;
import dev.atelier.core.job.JobStore;
import dev.atelier.core.turn.TurnOrchestrator;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.UUID;

/**
 * Starts the in-process worker (roles {@code all} and {@code worker}) once the application is
 * up, after putting back in the queue whatever this worker was running when it last stopped,
 * and stops it before the stores close.
 */
@Singleton
public class WorkerLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(WorkerLifecycle.class);

    private final AtelierConfig config;
    private final WorkerConfig worker;
    private final RedisJobQueue queue;
    private final JobStore jobs;
    private final TurnOrchestrator orchestrator;
    private volatile boolean started;

    public WorkerLifecycle(AtelierConfig config, WorkerConfig worker, RedisJobQueue queue, JobStore jobs,
                           TurnOrchestrator orchestrator) {
        this.config = config;
        this.worker = worker;
        this.queue = queue;
        this.jobs = jobs;
        this.orchestrator = orchestrator;
    }

    @EventListener
    void onStartup(StartupEvent event) {
        if (!config.runsWorker()) return;
        List<UUID> held = jobs.requeueHeldBy(worker.name());
        // PostgreSQL is the record: every unfinished job goes on the stream again in case Redis
        // lost it. A second entry for a job is harmless, the job store lets it run once.
        List<UUID> unfinished = jobs.unfinished();
        unfinished.forEach(queue::enqueue);
        if (!unfinished.isEmpty()) {
            LOG.info("resuming {} unfinished job(s) ({} were running here when Atelier stopped)",
                    unfinished.size(), held.size());
        }
        queue.onStreamLost(() -> jobs.unfinished().forEach(queue::enqueue));
        queue.start(orchestrator::run);
        started = true;
    }

    /**
     * The safety net under the stream: jobs PostgreSQL says are waiting but nobody has touched
     * for a while (Redis lost or never got their entry), and running jobs whose worker stopped
     * renewing its lease, go on the stream again. A second entry for a job is harmless.
     */
    @Scheduled(fixedDelay = "${atelier.worker.sweep-every:60s}", initialDelay = "${atelier.worker.sweep-every:60s}")
    void sweep() {
        if (!started) return;
        try {
            List<UUID> stale = jobs.stale(worker.claimAfter());
            if (!stale.isEmpty()) {
                LOG.info("re-queueing {} job(s) that fell off the stream or lost their worker", stale.size());
                stale.forEach(queue::enqueue);
            }
        } catch (RuntimeException e) {
            LOG.warn("job sweep failed; trying again later", e);
        }
    }

    /** Before the stores and servers it uses close: beans go in the reverse order of creation. */
    @PreDestroy
    void stop() {
        orchestrator.stop();
        queue.stop();
    }
}
