package dev.atelier.discord;

import dev.atelier.core.delivery.DeliveryLedger;
import dev.atelier.core.delivery.StatusWords;
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
import java.util.function.Supplier;

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

    /** The turn an interaction asks for, de-duplicated by the interaction's id. */
    static Inbound inbound(Interaction i, String text, Inbound.Upload image, Inbound.Upload mask, Inbound.Options options,
                           String task, String direction, Double amount) {
        return new Inbound(PLATFORM, chatId(i.channelId(), i.userId()), i.userId(), i.userName(), "i:" + i.id(), null,
                text, image, mask, options == null ? Inbound.Options.NONE : options, task, direction, amount);
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
            Reply made = reply.apply(jobs.position(jobId));
            // Kept so that the result still reaches this reply after a restart, or from another process.
            ledger.setStatusMessage(jobId, made.address());
            delivery.replyReady(jobId, made);
        } catch (RuntimeException e) {
            LOG.warn("Discord {}: cannot show job {}", inbound.chatId(), jobId, e);
        }
        return Optional.of(jobId);
    }

    /**
     * A slash command, a modal or a button that starts a turn: deferred at once (on JDA's thread
     * or the HTTP request's), then on a turn thread {@code inbound} fetches what it needs and the
     * turn starts. A refusal, whether of the attachments or of the turn, is seen by the person only.
     *
     * @param toast the words before the queue position ("Regenerating… queued, position 2")
     */
    void answer(Interaction interaction, String toast, Supplier<Inbound> inbound) {
        interaction.defer();
        submit(() -> {
            Inbound in;
            try {
                in = inbound.get();
            } catch (RejectedTurnException e) {
                interaction.refuse(e.getMessage());
                return;
            }
            start(in, position -> {
                Reply reply = new Reply.Deferred(interaction);
                String queued = StatusWords.queued(position);
                if (reply.editable()) reply.edit(ResultMessage.text(toast == null ? queued : toast + " " + queued)).queue();
                return reply;
            }, interaction::refuse);
        }, () -> interaction.refuse(Refusals.BUSY));
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
