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
import net.dv8tion.jda.api.entities.channel.middleman.MessageChannel;
import net.dv8tion.jda.api.events.interaction.component.ButtonInteractionEvent;
import net.dv8tion.jda.api.interactions.InteractionHook;

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

    /** On JDA's event thread. */
    void press(ButtonInteractionEvent event) {
        Optional<ResultAction.Press> parsed = ResultAction.parse(event.getComponentId());
        if (parsed.isEmpty()) {
            event.reply("This button has expired.").setEphemeral(true).queue();
            return;
        }
        ResultAction.Press press = parsed.get();
        // A double click arrives as two interactions a few milliseconds apart: the first claims the target.
        if (running.putIfAbsent(press.target(), ACCEPTING) != null) {
            event.reply("Already on it…").setEphemeral(true).queue();
            return;
        }
        event.deferReply().queue();
        InteractionHook hook = event.getHook();
        MessageChannel channel = event.getChannel();
        String chatId = DiscordTurns.chatId(event.getChannelId(), event.getUser().getId());
        String userId = event.getUser().getId();
        String userName = event.getUser().getName();
        String messageId = "b:" + event.getId();
        turns.submit(() -> {
            Optional<UUID> started = Optional.empty();
            try {
                started = start(press, hook, channel, chatId, userId, userName, messageId);
            } finally {
                if (started.isPresent()) running.replace(press.target(), ACCEPTING, started.get());
                else running.remove(press.target(), ACCEPTING);
            }
        }, () -> {
            running.remove(press.target(), ACCEPTING);
            Refusals.ephemeral(hook, Refusals.BUSY);
        });
    }

    /** The job of a press went out: its button may start another. */
    void finished(UUID jobId) {
        running.values().removeIf(jobId::equals);
    }

    private Optional<UUID> start(ResultAction.Press press, InteractionHook hook, MessageChannel channel, String chatId, String userId,
                                 String userName, String messageId) {
        Optional<PressedResults.Pressed> pressedOn = pressed.find(press);
        if (pressedOn.isEmpty()) {
            Refusals.ephemeral(hook, "This button has expired.");
            return Optional.empty();
        }
        // Another Atelier process may have taken the same press (the in-memory check is per process).
        if (pressed.alreadyRunning(press)) {
            Refusals.ephemeral(hook, "Already on it…");
            return Optional.empty();
        }
        Job job = pressedOn.get().job();
        Inbound inbound = press.action() == ResultAction.REGENERATE
                ? new Inbound(DiscordTurns.PLATFORM, chatId, userId, userName, messageId, null, userText(job),
                null, null, Inbound.Options.NONE, press.action().task, null, null)
                : new Inbound(DiscordTurns.PLATFORM, chatId, userId, userName, messageId, null, "",
                pressed.picture(job, press.image(), "result.png"), null, Inbound.Options.NONE, press.action().task, press.action().direction, null);
        Optional<UUID> started = turns.start(inbound, position -> {
            Reply reply = new Reply.Interaction(hook, channel, userId);
            if (reply.editable()) {
                reply.edit(ResultMessage.text(press.action().toast + " " + StatusWords.queued(position))).queue();
            }
            return reply;
        }, reason -> Refusals.ephemeral(hook, reason));
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
