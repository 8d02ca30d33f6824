package dev.atelier.discord;

import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.events.interaction.component.ButtonInteractionEvent;
import net.dv8tion.jda.api.events.message.MessageReceivedEvent;
import net.dv8tion.jda.api.events.session.ReadyEvent;
import net.dv8tion.jda.api.hooks.ListenerAdapter;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The only JDA listener: routes each event to the feature that owns it, commands by name. Runs
 * on JDA's gateway thread, so every feature only acknowledges and hands off.
 */
final class DiscordRouter extends ListenerAdapter {

    private final Map<String, DiscordCommand> commands = new LinkedHashMap<>();
    private final ButtonPresses buttons;
    private final MessageTurns messages;
    private final Consumer<ReadyEvent> ready;

    DiscordRouter(List<DiscordCommand> commands, ButtonPresses buttons, MessageTurns messages, Consumer<ReadyEvent> ready) {
        for (DiscordCommand c : commands) {
            if (this.commands.putIfAbsent(c.name(), c) != null) {
                throw new IllegalStateException("two Discord commands are named " + c.name());
            }
        }
        this.buttons = buttons;
        this.messages = messages;
        this.ready = ready;
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
        DiscordCommand command = commands.get(event.getName());
        if (command == null) {
            // A command registered by an older version of the bot, still in Discord's cache.
            event.reply("I do not know /" + event.getName() + " any more.").setEphemeral(true).queue();
            return;
        }
        command.run(event);
    }

    @Override
    public void onButtonInteraction(ButtonInteractionEvent event) {
        buttons.press(event);
    }

    @Override
    public void onMessageReceived(MessageReceivedEvent event) {
        messages.received(event);
    }
}
