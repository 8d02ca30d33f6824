package dev.atelier.discord;

import net.dv8tion.jda.api.interactions.commands.build.SlashCommandData;

/**
 * One slash command: its definition (registered with Discord at start) and what it does. The
 * router finds it by name; a new command is a new class added to {@link DiscordBot}'s list.
 */
interface DiscordCommand {

    SlashCommandData definition();

    default String name() {
        return definition().getName();
    }

    /**
     * On JDA's event thread or the HTTP request's: answer ({@link Interaction#defer} or an
     * ephemeral answer) at once, since Discord drops an interaction unanswered after 3 seconds,
     * and hand slow work off.
     */
    void run(Interaction interaction);
}
