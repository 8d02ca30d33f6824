package dev.atelier.discord;

import dev.atelier.core.delivery.ResultAction;
import dev.atelier.core.delivery.StatusWords;
import dev.atelier.core.turn.Inbound;
import dev.atelier.core.turn.RejectedTurnException;
import net.dv8tion.jda.api.components.buttons.Button;
import net.dv8tion.jda.api.entities.Message;
import net.dv8tion.jda.api.entities.channel.ChannelType;
import net.dv8tion.jda.api.entities.channel.middleman.MessageChannel;
import net.dv8tion.jda.api.events.message.MessageReceivedEvent;

import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A DM to the bot, or a channel message that mentions it, is a turn: its text (without the
 * mention) and its first image attachment. A reply to one of the bot's pictures (in a DM or a
 * channel, mention or not) edits that picture. The reply is a status message that becomes the result.
 */
final class MessageTurns {

    private static final long POST_TIMEOUT_SECONDS = 30;

    private final DiscordTurns turns;
    private final Attachments attachments;
    private final ButtonPresses buttons;

    MessageTurns(DiscordTurns turns, Attachments attachments, ButtonPresses buttons) {
        this.turns = turns;
        this.attachments = attachments;
        this.buttons = buttons;
    }

    /** The picture a message replies to: the result's key and image, read from that message's buttons. */
    private record RepliedTo(String key, int image) {
    }

    /** On JDA's event thread: decide whether it is for us, hand it off. */
    void received(MessageReceivedEvent event) {
        Message message = event.getMessage();
        if (message.getAuthor().isBot() || message.isWebhookMessage()) return;
        boolean direct = event.isFromType(ChannelType.PRIVATE);
        String selfId = event.getJDA().getSelfUser().getId();
        Optional<RepliedTo> repliedTo = repliedTo(message, selfId);
        // Only a mention of the bot itself: not @everyone, not a role it happens to have.
        if (!direct && repliedTo.isEmpty() && !message.getMentions().isMentioned(event.getJDA().getSelfUser(), Message.MentionType.USER)) return;
        String text = message.getContentRaw().replaceAll("<@!?" + selfId + ">", "").strip();
        Message.Attachment attachment = message.getAttachments().stream()
                .filter(Message.Attachment::isImage).findFirst().orElse(null);
        if (text.isEmpty() && attachment == null) return;
        MessageChannel channel = event.getChannel();
        String chatId = DiscordTurns.chatId(channel.getId(), message.getAuthor().getId());
        turns.submit(() -> turn(channel, message, chatId, text, attachment, repliedTo.orElse(null)),
                () -> channel.sendMessage(Refusals.BUSY).setMessageReference(message).queue());
    }

    private static Optional<RepliedTo> repliedTo(Message message, String selfId) {
        Message referenced = message.getReferencedMessage();
        if (referenced == null || !referenced.getAuthor().getId().equals(selfId)) return Optional.empty();
        return referenced.getComponentTree().findAll(Button.class).stream()
                .map(Button::getCustomId).filter(id -> id != null).map(ResultAction::parse).flatMap(Optional::stream)
                .findFirst().map(p -> new RepliedTo(p.key(), p.image()));
    }

    private void turn(MessageChannel channel, Message message, String chatId, String text, Message.Attachment attachment,
                      RepliedTo repliedTo) {
        Inbound.Upload upload;
        String task;
        try {
            if (attachment != null) {
                upload = attachments.fetch(GatewayInteraction.attachment(attachment), "image");
                // An image without words: "something like this". With words, they say what to do with it.
                task = text.isEmpty() ? "similar" : null;
            } else if (repliedTo != null) {
                // "make it night" as a reply to a picture: that picture, whatever came after it.
                upload = buttons.pictureOf(repliedTo.key(), repliedTo.image()).orElseThrow(() -> new RejectedTurnException(
                        RejectedTurnException.Reason.NOT_FOUND, "I no longer have that picture; attach it to your message."));
                task = "edit";
            } else {
                upload = null;
                task = null;
            }
        } catch (RejectedTurnException e) {
            say(channel, message, e.getMessage());
            return;
        }
        Inbound inbound = new Inbound(DiscordTurns.PLATFORM, chatId, message.getAuthor().getId(),
                message.getAuthor().getName(), "m:" + message.getId(), null, text, upload, null,
                Inbound.Options.NONE, task, null, null);
        turns.start(inbound, position -> {
            // Waited for on this turn thread (not JDA's): the result edits this message.
            Message status = channel.sendMessage(StatusWords.queued(position)).setMessageReference(message)
                    .submit().orTimeout(POST_TIMEOUT_SECONDS, TimeUnit.SECONDS).join();
            return new Reply.ChannelMessage(channel, status.getId(), message.getAuthor().getId());
        }, reason -> say(channel, message, reason));
    }

    private static void say(MessageChannel channel, Message message, String text) {
        channel.sendMessage(StatusWords.fit(text, ProgressText.CONTENT_LIMIT)).setMessageReference(message).queue();
    }
}
