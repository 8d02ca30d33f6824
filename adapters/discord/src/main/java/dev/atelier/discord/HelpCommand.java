package dev.atelier.discord;

import net.dv8tion.jda.api.interactions.commands.build.Commands;
import net.dv8tion.jda.api.interactions.commands.build.SlashCommandData;

import java.util.List;
import java.util.function.Supplier;

/** {@code /help}: the commands and the other ways to talk to the bot, seen only by the asker. */
final class HelpCommand implements DiscordCommand {

    private final Supplier<List<DiscordCommand>> commands;

    HelpCommand(Supplier<List<DiscordCommand>> commands) {
        this.commands = commands;
    }

    @Override
    public SlashCommandData definition() {
        return Commands.slash("help", "What Atelier can do and how to ask");
    }

    @Override
    public void run(Interaction i) {
        StringBuilder text = new StringBuilder("**Atelier** paints what you describe.\n");
        for (DiscordCommand c : commands.get()) {
            text.append("`/").append(c.name()).append("` ").append(c.definition().getDescription()).append('\n');
        }
        text.append("You can also write to me in a DM or mention me in a channel, with a picture if you like; "
                + "reply to one of my pictures to change it. The buttons under a picture make variations, "
                + "extend it or edit it.");
        i.answerEphemeral(text.toString());
    }
}
