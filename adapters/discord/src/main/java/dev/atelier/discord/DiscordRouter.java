package dev.atelier.discord;

import net.dv8tion.jda.api.events.interaction.ModalInteractionEvent;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.events.interaction.component.ButtonInteractionEvent;
import net.dv8tion.jda.api.events.message.MessageReceivedEvent;
import net.dv8tion.jda.api.events.session.ReadyEvent;
import net.dv8tion.jda.api.hooks.ListenerAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The only JDA listener, and the one entry for HTTP interactions too: routes each interaction to
 * the feature that owns it, commands by name. Runs on JDA's gateway thread (or the HTTP
 * request's), so every feature only acknowledges and hands off. Whatever a feature throws is
 * answered with a short apology and logged; it never reaches JDA's thread.
 */
final class DiscordRouter extends ListenerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(DiscordRouter.class);

    private final Map<String, DiscordCommand> commands = new LinkedHashMap<>();
    private final ButtonPresses buttons;
    private final MessageTurns messages;
    private final Consumer<ReadyEvent> ready;
    private final Duration tokenLifetime;

    DiscordRouter(List<DiscordCommand> commands, ButtonPresses buttons, MessageTurns messages, Consumer<ReadyEvent> ready,
                  Duration tokenLifetime) {
        for (DiscordCommand c : commands) {
            if (this.commands.putIfAbsent(c.name(), c) != null) {
                throw new IllegalStateException("two Discord commands are named " + c.name());
            }
        }
        this.buttons = buttons;
        this.messages = messages;
        this.ready = ready;
        this.tokenLifetime = tokenLifetime;
    }

    List<DiscordCommand> commands() {
        return List.copyOf(commands.values());
    }

    @Override
    public void onReady(ReadyEvent event) {
        ready.accept(event);
    }

    @Override
    public void onSlashCommandInteraction(SlashCommandInteractionEvent event) {
        command(new GatewayInteraction(event, tokenLifetime));
    }

    @Override
    public void onButtonInteraction(ButtonInteractionEvent event) {
        button(new GatewayInteraction(event, tokenLifetime));
    }

    @Override
    public void onModalInteraction(ModalInteractionEvent event) {
        modal(new GatewayInteraction(event, tokenLifetime));
    }

    @Override
    public void onMessageReceived(MessageReceivedEvent event) {
        try {
            messages.received(event);
        } catch (RuntimeException e) {
            LOG.warn("a Discord message could not be handled", e);
        }
    }

    void command(Interaction i) {
        DiscordCommand command = commands.get(i.commandName());
        if (command == null) {
            // A command registered by an older version of the bot, still in Discord's cache.
            i.answerEphemeral("I do not know /" + i.commandName() + " any more.");
            return;
        }
        guarded(i, () -> command.run(i));
    }

    void button(Interaction i) {
        guarded(i, () -> buttons.press(i));
    }

    void modal(Interaction i) {
        guarded(i, () -> buttons.submitted(i));
    }

    private static void guarded(Interaction i, Runnable feature) {
        try {
            feature.run();
        } catch (RuntimeException e) {
            String reference = UUID.randomUUID().toString();
            LOG.warn("Discord interaction {} failed (reference {})", i.id(), reference, e);
            try {
                i.answerEphemeral("Something went wrong (reference " + reference + ").");
            } catch (RuntimeException alreadyAnswered) {
                LOG.debug("could not answer interaction {}", i.id(), alreadyAnswered);
            }
        }
    }
}
