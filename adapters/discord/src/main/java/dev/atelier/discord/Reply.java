package dev.atelier.discord;

import dev.atelier.core.delivery.StatusWords;
import net.dv8tion.jda.api.entities.channel.middleman.MessageChannel;
import net.dv8tion.jda.api.entities.channel.middleman.GuildMessageChannel;
import net.dv8tion.jda.api.requests.RestAction;
import net.dv8tion.jda.api.sharding.ShardManager;
import net.dv8tion.jda.api.utils.messages.MessageCreateBuilder;
import net.dv8tion.jda.api.utils.messages.MessageEditData;

/**
 * Where a job's progress and result go: the deferred reply of an interaction (edited through its
 * webhook token), or the status message the bot posted in a channel. The caller sends the returned
 * actions with {@code queue()} or {@code submit()}.
 */
sealed interface Reply {

    /** Where the reply is, kept in the delivery ledger ({@link Replies#restore} reads it back). */
    String address();

    /** A progress edit; none once the reply can no longer be edited. */
    boolean editable();

    RestAction<?> edit(MessageEditData data);

    /** The result: an edit of the reply, or wherever it can still be seen. */
    default RestAction<?> deliver(MessageEditData data) {
        return edit(data);
    }

    /** The deferred reply of an interaction, edited through its token. */
    record Deferred(Interaction interaction) implements Reply {
        @Override
        public String address() {
            return interaction.address();
        }

        @Override
        public boolean editable() {
            return !interaction.expired();
        }

        @Override
        public RestAction<?> edit(MessageEditData data) {
            return interaction.editOriginal(data);
        }

        /**
         * An interaction token lives 15 minutes; a longer job (a long queue) is posted as a new
         * message in the channel that mentions the person, so the result still reaches them.
         */
        @Override
        public RestAction<?> deliver(MessageEditData data) {
            if (editable()) return edit(data);
            MessageCreateBuilder message = MessageCreateBuilder.fromEditData(data);
            String mention = "<@" + interaction.userId() + "> ";
            message.setContent(StatusWords.fit(mention + message.getContent(), ProgressText.CONTENT_LIMIT));
            return interaction.postInChannel(message.build());
        }
    }

    /** @param userId who wrote to the bot: a DM channel is reopened through them after a restart */
    record ChannelMessage(MessageChannel channel, String messageId, String userId) implements Reply {
        @Override
        public String address() {
            return Replies.channelAddress(channel.getId(), messageId, userId);
        }

        @Override
        public boolean editable() {
            return true;
        }

        @Override
        public RestAction<?> edit(MessageEditData data) {
            return channel.editMessageById(messageId, data);
        }
    }

    /** A channel message read back from its address: the channel is found when the edit is sent. */
    record RestoredChannelMessage(ShardManager shards, String channelId, String messageId, String userId) implements Reply {
        @Override
        public String address() {
            return Replies.channelAddress(channelId, messageId, userId);
        }

        @Override
        public boolean editable() {
            return true;
        }

        @Override
        public RestAction<?> edit(MessageEditData data) {
            GuildMessageChannel channel = shards.getChannelById(GuildMessageChannel.class, channelId);
            if (channel != null) return channel.editMessageById(messageId, data);
            // Not a server channel this process sees: the person's DMs, reopened (JDA caches no DM across a restart).
            return shards.getShards().getFirst().openPrivateChannelById(userId).flatMap(dm -> dm.editMessageById(messageId, data));
        }
    }

    /**
     * A job whose reply never went out (its status message failed): the result is posted as a
     * new message in the chat, mentioning the person. No progress is shown.
     */
    record NewChannelMessage(ShardManager shards, String channelId, String userId) implements Reply {
        @Override
        public String address() {
            return null;
        }

        @Override
        public boolean editable() {
            return false;
        }

        @Override
        public RestAction<?> edit(MessageEditData data) {
            return deliver(data);
        }

        @Override
        public RestAction<?> deliver(MessageEditData data) {
            MessageCreateBuilder message = MessageCreateBuilder.fromEditData(data);
            message.setContent(StatusWords.fit("<@" + userId + "> " + message.getContent(), ProgressText.CONTENT_LIMIT));
            GuildMessageChannel channel = shards.getChannelById(GuildMessageChannel.class, channelId);
            if (channel != null) return channel.sendMessage(message.build());
            return shards.getShards().getFirst().openPrivateChannelById(userId).flatMap(dm -> dm.sendMessage(message.build()));
        }
    }
}
