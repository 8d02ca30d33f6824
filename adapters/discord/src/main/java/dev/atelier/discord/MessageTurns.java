package dev.atelier.discord;

import dev.atelier.core.delivery.StatusWords;
import dev.atelier.core.turn.Inbound;
import net.dv8tion.jda.api.entities.Message;
import net.dv8tion.jda.api.entities.channel.ChannelType;
import net.dv8tion.jda.api.entities.channel.middleman.MessageChannel;
import net.dv8tion.jda.api.events.message.MessageReceivedEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.TimeUnit;

/**
 * A DM to the bot, or a channel message that mentions it, is a turn: its text (without the
 * mention) and its first image attachment. The reply is a status message that becomes the result.
 */
final class MessageTurns {

    private static final Logger LOG = LoggerFactory.getLogger(MessageTurns.class);
    /** Above any upload limit we configure; bot-core checks the configured one from the header. */
    static final long MAX_ATTACHMENT_BYTES = 25L * 1024 * 1024;
    /** An attachment whose declared size is above this is not fetched at all. */
    static final long MAX_ATTACHMENT_PIXELS = 4096L * 4096;
    private static final long FETCH_TIMEOUT_SECONDS = 30;

    private final DiscordTurns turns;

    MessageTurns(DiscordTurns turns) {
        this.turns = turns;
    }

    /** On JDA's event thread: decide whether it is for us, hand it off. */
    void received(MessageReceivedEvent event) {
        Message message = event.getMessage();
        if (message.getAuthor().isBot() || message.isWebhookMessage()) return;
        boolean direct = event.isFromType(ChannelType.PRIVATE);
        String selfId = event.getJDA().getSelfUser().getId();
        // Only a mention of the bot itself: not @everyone, not a role it happens to have.
        if (!direct && !message.getMentions().isMentioned(event.getJDA().getSelfUser(), Message.MentionType.USER)) return;
        String text = message.getContentRaw().replaceAll("<@!?" + selfId + ">", "").strip();
        Message.Attachment attachment = message.getAttachments().stream()
                .filter(Message.Attachment::isImage).findFirst().orElse(null);
        if (text.isEmpty() && attachment == null) return;
        MessageChannel channel = event.getChannel();
        String chatId = DiscordTurns.chatId(channel.getId(), message.getAuthor().getId());
        turns.submit(() -> turn(channel, message, chatId, text, attachment),
                () -> channel.sendMessage(Refusals.BUSY).setMessageReference(message).queue());
    }

    private void turn(MessageChannel channel, Message message, String chatId, String text, Message.Attachment attachment) {
        Inbound.Upload upload = null;
        if (attachment != null) {
            try {
                upload = fetch(attachment);
            } catch (IOException | RuntimeException e) {
                LOG.warn("Discord {}: cannot fetch attachment {}", chatId, attachment.getId(), e);
                say(channel, message, "I could not fetch that image from Discord; please send it again.");
                return;
            }
        }
        // An image without words: "something like this". With words, they say what to do with it.
        String task = upload != null && text.isEmpty() ? "similar" : null;
        Inbound inbound = new Inbound(DiscordTurns.PLATFORM, chatId, message.getAuthor().getId(),
                message.getAuthor().getName(), "m:" + message.getId(), null, text, upload, null,
                Inbound.Options.NONE, task, null, null);
        turns.start(inbound, position -> {
            // Waited for on this turn thread (not JDA's): the result edits this message.
            Message status = channel.sendMessage(StatusWords.queued(position)).setMessageReference(message)
                    .submit().orTimeout(FETCH_TIMEOUT_SECONDS, TimeUnit.SECONDS).join();
            return new Reply.ChannelMessage(channel, status.getId());
        }, reason -> say(channel, message, reason));
    }

    private static Inbound.Upload fetch(Message.Attachment a) throws IOException {
        if (a.getSize() > MAX_ATTACHMENT_BYTES || (long) a.getWidth() * a.getHeight() > MAX_ATTACHMENT_PIXELS) {
            throw new IOException("attachment over the byte or pixel cap");
        }
        try (InputStream in = a.getProxy().download().orTimeout(FETCH_TIMEOUT_SECONDS, TimeUnit.SECONDS).join()) {
            // The declared size may lie: stop reading past the cap instead of trusting it.
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[64 * 1024];
            long total = 0;
            for (int n; (n = in.read(buf)) > 0; ) {
                total += n;
                if (total > MAX_ATTACHMENT_BYTES) throw new IOException("attachment over the byte cap");
                out.write(buf, 0, n);
            }
            String type = a.getContentType() == null ? "application/octet-stream" : a.getContentType();
            return new Inbound.Upload(out.toByteArray(), a.getFileName(), type);
        }
    }

    private static void say(MessageChannel channel, Message message, String text) {
        channel.sendMessage(StatusWords.fit(text, ProgressText.CONTENT_LIMIT)).setMessageReference(message).queue();
    }
}
