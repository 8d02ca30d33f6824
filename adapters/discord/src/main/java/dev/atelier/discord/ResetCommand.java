package dev.atelier.discord;

import dev.atelier.core.conversation.ConversationStore;
import dev.atelier.core.conversation.UserDirectory;
import net.dv8tion.jda.api.interactions.commands.build.Commands;
import net.dv8tion.jda.api.interactions.commands.build.SlashCommandData;

import java.util.UUID;

/**
 * {@code /reset}: the person's next message in this channel starts a new conversation, so
 * "make it night" no longer refers to their last picture. Earlier conversations stay stored.
 */
final class ResetCommand implements DiscordCommand {

    private final DiscordTurns turns;
    private final ConversationStore conversations;
    private final UserDirectory users;

    ResetCommand(DiscordTurns turns, ConversationStore conversations, UserDirectory users) {
        this.turns = turns;
        this.conversations = conversations;
        this.users = users;
    }

    @Override
    public SlashCommandData definition() {
        return Commands.slash("reset", "Start a new conversation with the assistant in this channel");
    }

    @Override
    public void run(Interaction i) {
        i.deferEphemeral();
        turns.submit(() -> {
            UUID user = users.resolve(DiscordTurns.PLATFORM, i.userId(), i.userName());
            // The newest conversation of a chat is its current one.
            conversations.create(DiscordTurns.PLATFORM, DiscordTurns.chatId(i.channelId(), i.userId()), user);
            i.editOriginal(ResultMessage.text("Started a new conversation: what you write next starts from scratch.")).queue();
        }, () -> i.refuse(Refusals.BUSY));
    }
}
