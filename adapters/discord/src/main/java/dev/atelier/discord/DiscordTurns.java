package dev.atelier.discord;

import dev.atelier.core.delivery.DeliveryLedger;
import dev.atelier.core.job.JobStore;
import dev.atelier.core.turn.Inbound;
import dev.atelier.core.turn.RejectedTurnException;
import dev.atelier.core.turn.TurnOrchestrator;
import dev.atelier.core.turn.TurnRequest.Accepted;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The bot-core half of every Discord turn, off JDA's threads: accepting a turn touches
 * PostgreSQL and Redis, and JDA reads the gateway on the thread that runs its listeners.
 */
final class DiscordTurns implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DiscordTurns.class);
    static final String PLATFORM = "discord";

    private final TurnOrchestrator orchestrator;
    private final JobStore jobs;
    private final DeliveryLedger ledger;
    private final ResultDelivery delivery;
    private final ThreadPoolExecutor work = new ThreadPoolExecutor(4, 4, 30, TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(512), r -> {
                Thread t = new Thread(r, "discord-turns");
                t.setDaemon(true);
                return t;
            });

    DiscordTurns(TurnOrchestrator orchestrator, JobStore jobs, DeliveryLedger ledger, ResultDelivery delivery) {
        this.orchestrator = orchestrator;
        this.jobs = jobs;
        this.ledger = ledger;
        this.delivery = delivery;
        work.allowCoreThreadTimeOut(true);
    }

    /** Each user keeps their own conversation per channel. */
    static String chatId(String channelId, String userId) {
        return channelId + ":" + userId;
    }

    /** Runs {@code turn} on a turn thread; when too many wait, {@code busy} says so instead (on the caller's thread). */
    void submit(Runnable turn, Runnable busy) {
        try {
            work.execute(() -> {
                try {
                    turn.run();
                } catch (RuntimeException e) {
                    LOG.warn("handling a Discord turn failed", e);
                }
            });
        } catch (RejectedExecutionException e) {
            busy.run();
        }
    }

    /**
     * Accepts the turn and records its job for delivery. {@code reply} makes the reply for the
     * job's queue position (a deferred interaction already exists; a channel turn posts its status
     * message), {@code refused} tells the user why a turn was refused. Empty when refused or when
     * this is a re-delivery of a turn already accepted, whose first delivery answers it.
     */
    Optional<UUID> start(Inbound inbound, Function<Integer, Reply> reply, Consumer<String> refused) {
        Accepted accepted;
        try {
            accepted = orchestrator.accept(inbound);
        } catch (RejectedTurnException e) {
            refused.accept(e.getMessage());
            return Optional.empty();
        }
        if (accepted.duplicate()) {
            LOG.debug("Discord {}: {} was already accepted as job {}", inbound.chatId(), inbound.messageId(), accepted.jobId());
            return Optional.empty();
        }
        UUID jobId = accepted.jobId();
        ledger.track(jobId, PLATFORM, inbound.chatId());
        delivery.expect(jobId);
        try {
            delivery.replyReady(jobId, reply.apply(jobs.position(jobId)));
        } catch (RuntimeException e) {
            LOG.warn("Discord {}: cannot show job {}", inbound.chatId(), jobId, e);
        }
        return Optional.of(jobId);
    }

    @Override
    public void close() {
        work.shutdown();
        try {
            if (!work.awaitTermination(5, TimeUnit.SECONDS)) work.shutdownNow();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            work.shutdownNow();
        }
    }
}
