package dev.atelier.discord;

import net.dv8tion.jda.api.sharding.ShardManager;
import net.dv8tion.jda.api.utils.data.DataObject;

import java.time.Duration;
import java.util.Optional;

/**
 * Replies written down and read back. A reply's address is kept in the delivery ledger as the
 * job's status message, so a result that finishes while the bot is down (or in another bot
 * process) is still posted where its person waits: an interaction's reply through its token (as
 * HTTP interactions are answered), a channel message by its id.
 */
final class Replies {

    private Replies() {
    }

    static String interactionAddress(String applicationId, String id, String channelId, String userId, String token) {
        // The token goes last: the other parts are snowflakes, so it is whatever follows the fifth colon.
        return "i:" + applicationId + ":" + id + ":" + channelId + ":" + userId + ":" + token;
    }

    static String channelAddress(String channelId, String messageId, String userId) {
        return "c:" + channelId + ":" + messageId + ":" + userId;
    }

    /**
     * The reply at {@code address}, or, when there is none that this version reads (the status
     * message never went out), a new message in the chat {@code chatId} ({@code <channel>:<user>})
     * that mentions the person; empty when neither can be read.
     */
    static Optional<Reply> restore(String address, String chatId, ShardManager shards, Duration tokenLifetime) {
        Optional<Reply> reply = restore(address, shards, tokenLifetime);
        if (reply.isPresent() || chatId == null) return reply;
        String[] c = chatId.split(":");
        if (c.length == 2 && snowflakes(c[0], c[1])) return Optional.of(new Reply.NewChannelMessage(shards, c[0], c[1]));
        return Optional.empty();
    }

    /** The reply at {@code address}; empty for an address this version does not read (or none). */
    static Optional<Reply> restore(String address, ShardManager shards, Duration tokenLifetime) {
        if (address == null) return Optional.empty();
        String[] p = address.split(":", 6);
        if (p[0].equals("i") && p.length == 6 && snowflakes(p[1], p[2], p[3], p[4]) && !p[5].isEmpty()) {
            DataObject payload = DataObject.empty().put("type", 2).put("id", p[2]).put("application_id", p[1])
                    .put("channel_id", p[3]).put("token", p[5]).put("user", DataObject.empty().put("id", p[4]).put("username", ""));
            return Optional.of(new Reply.Deferred(new HttpInteraction(payload, shards, tokenLifetime)));
        }
        if (p[0].equals("c") && p.length == 4 && snowflakes(p[1], p[2], p[3])) {
            return Optional.of(new Reply.RestoredChannelMessage(shards, p[1], p[2], p[3]));
        }
        return Optional.empty();
    }

    private static boolean snowflakes(String... ids) {
        for (String id : ids) if (!id.matches("\\d{1,20}")) return false;
        return true;
    }
}
