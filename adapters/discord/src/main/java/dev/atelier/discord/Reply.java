package dev.atelier.discord;

import net.dv8tion.jda.api.entities.channel.middleman.MessageChannel;
import net.dv8tion.jda.api.interactions.InteractionHook;
import net.dv8tion.jda.api.requests.RestAction;
import net.dv8tion.jda.api.utils.messages.MessageEditData;

/**
 * Where a job's progress and result go: the deferred reply of an interaction (edited through its
 * webhook token, valid 15 minutes), or the status message the bot posted in a channel.
 */
sealed interface Reply {

    /** An edit of the reply; sent with {@code queue()} or {@code submit()} by the caller. */
    RestAction<?> edit(MessageEditData data);

    record Interaction(InteractionHook hook) implements Reply {
        @Override
        public RestAction<?> edit(MessageEditData data) {
            return hook.editOriginal(data);
        }
    }

    record ChannelMessage(MessageChannel channel, String messageId) implements Reply {
        @Override
        public RestAction<?> edit(MessageEditData data) {
            return channel.editMessageById(messageId, data);
        }
    }
}
