package dev.atelier.discord;

import dev.atelier.core.conversation.ConversationStore;
import dev.atelier.core.conversation.Turn;
import dev.atelier.core.delivery.DeliveryLedger;
import dev.atelier.core.delivery.PressedResults;
import dev.atelier.core.delivery.ResultAction;
import dev.atelier.core.delivery.StatusWords;
import dev.atelier.core.image.ImageStore;
import dev.atelier.core.job.Job;
import dev.atelier.core.job.JobStore;
import dev.atelier.core.turn.Inbound;
import dev.atelier.core.turn.RejectedTurnException;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The buttons under a result. A press is acknowledged at once; its new picture comes as a new
 * reply. A button carries only the result's short key; the job, its prompt and image are read
 * back from the delivery ledger. A second press of the same button while its job runs starts nothing.
 */
final class ButtonPresses {

    static final String EXPIRED = "This button has expired.";
    /** In {@link #running} before the press's job exists: the press is being accepted. */
    private static final UUID ACCEPTING = new UUID(0, 0);

    private final DiscordTurns turns;
    private final ConversationStore conversations;
    private final DeliveryLedger ledger;
    private final PressedResults pressed;
    /** Press target ({@link ResultAction.Press#target()}) to the job it started: checked on the event thread, without IO. */
    private final Map<String, UUID> running = new ConcurrentHashMap<>();

    ButtonPresses(DiscordTurns turns, JobStore jobs, ConversationStore conversations, ImageStore images, DeliveryLedger ledger) {
        this.turns = turns;
        this.conversations = conversations;
        this.ledger = ledger;
        this.pressed = new PressedResults(jobs, ledger, images);
    }

    /** On JDA's event thread or the HTTP request's: no IO here. */
    void press(Interaction event) {
        if (event.customId().startsWith(EditForm.BUTTON_PREFIX)) {
            EditForm.open(event);
            return;
        }
        Optional<ResultAction.Press> parsed = ResultAction.parse(event.customId());
        if (parsed.isEmpty()) {
            event.answerEphemeral(EXPIRED);
            return;
        }
        ResultAction.Press press = parsed.get();
        // A double click arrives as two interactions a few milliseconds apart: the first claims the target.
        if (running.putIfAbsent(press.target(), ACCEPTING) != null) {
            event.answerEphemeral("Already on it…");
            return;
        }
        event.defer();
        String chatId = DiscordTurns.chatId(event.channelId(), event.userId());
        String messageId = "b:" + event.id();
        turns.submit(() -> {
            Optional<UUID> started = Optional.empty();
            try {
                started = start(press, event, chatId, messageId);
            } finally {
                if (started.isPresent()) running.replace(press.target(), ACCEPTING, started.get());
                else running.remove(press.target(), ACCEPTING);
            }
        }, () -> {
            running.remove(press.target(), ACCEPTING);
            event.refuse(Refusals.BUSY);
        });
    }

    /** The Edit form sent: an edit of the picture the button was under, as the instruction says. */
    void submitted(Interaction event) {
        Optional<EditForm.Target> target = EditForm.target(event.customId());
        String instruction = event.field(EditForm.INSTRUCTION).map(String::strip).orElse("");
        if (target.isEmpty()) {
            event.answerEphemeral(EXPIRED);
            return;
        }
        if (instruction.isEmpty()) {
            event.answerEphemeral("Say what to change, e.g. \"make it night\".");
            return;
        }
        turns.answer(event, "Editing…", () -> {
            Job job = pressed.find(target.get().lookup()).map(PressedResults.Pressed::job)
                    .orElseThrow(() -> new RejectedTurnException(RejectedTurnException.Reason.NOT_FOUND, EXPIRED));
            Inbound.Upload picture = pressed.picture(job, target.get().image(), "result.png");
            if (picture == null) throw new RejectedTurnException(RejectedTurnException.Reason.NOT_FOUND, EXPIRED);
            return DiscordTurns.inbound(event, instruction, picture, null, null, "edit", null, null);
        });
    }

    /**
     * A reply to one of the bot's pictures: an edit of that picture. {@code key} is read from the
     * replied-to message's buttons; empty when that result is unknown here.
     */
    Optional<Inbound.Upload> pictureOf(String key, int image) {
        return pressed.find(new ResultAction.Press(ResultAction.VARIATIONS, key, image))
                .map(p -> pressed.picture(p.job(), image, "result.png"));
    }

    /** The job of a press went out: its button may start another. */
    void finished(UUID jobId) {
        running.values().removeIf(jobId::equals);
    }

    private Optional<UUID> start(ResultAction.Press press, Interaction event, String chatId, String messageId) {
        Optional<PressedResults.Pressed> pressedOn = pressed.find(press);
        if (pressedOn.isEmpty()) {
            event.refuse(EXPIRED);
            return Optional.empty();
        }
        // Another Atelier process may have taken the same press (the in-memory check is per process).
        if (pressed.alreadyRunning(press)) {
            event.refuse("Already on it…");
            return Optional.empty();
        }
        Job job = pressedOn.get().job();
        Inbound inbound = press.action() == ResultAction.REGENERATE
                ? new Inbound(DiscordTurns.PLATFORM, chatId, event.userId(), event.userName(), messageId, null, userText(job),
                null, null, Inbound.Options.NONE, press.action().task, null, null)
                : new Inbound(DiscordTurns.PLATFORM, chatId, event.userId(), event.userName(), messageId, null, "",
                pressed.picture(job, press.image(), "result.png"), null, Inbound.Options.NONE, press.action().task, press.action().direction, null);
        Optional<UUID> started = turns.start(inbound, position -> {
            Reply reply = new Reply.Deferred(event);
            if (reply.editable()) {
                reply.edit(ResultMessage.text(press.action().toast + " " + StatusWords.queued(position))).queue();
            }
            return reply;
        }, event::refuse);
        started.ifPresent(id -> ledger.recordAction(press.key(), press.action().code, id));
        return started;
    }

    /** What the user asked for the pressed result: Regenerate asks it again, with a new seed. */
    private String userText(Job job) {
        return conversations.turns(job.conversationId()).stream()
                .filter(t -> t.id().equals(job.userTurnId())).map(Turn::text).findFirst()
                .filter(t -> !t.isBlank())
                .orElse(job.prompts().isEmpty() ? "" : job.prompts().getFirst());
    }
}
