package dev.atelier.telegram;

import org.telegram.telegrambots.meta.api.objects.CallbackQuery;
import org.telegram.telegrambots.meta.api.objects.MessageEntity;
import org.telegram.telegrambots.meta.api.objects.Update;
import org.telegram.telegrambots.meta.api.objects.User;
import org.telegram.telegrambots.meta.api.objects.chat.Chat;
import org.telegram.telegrambots.meta.api.objects.message.Message;
import org.telegram.telegrambots.meta.api.objects.photo.PhotoSize;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * What an update means to Atelier, read without any I/O so that the update thread only
 * translates. Everything the bot does not handle is {@link Skipped}.
 */
sealed interface Incoming {

    long chatId();

    /** The forum topic the update came from ({@code message_thread_id}), 0 for none; replies go there. */
    default int thread() {
        return 0;
    }

    /** Where replies to this update go: its chat, and its topic in a forum. */
    default Where where() {
        return new Where(chatId(), thread());
    }

    /**
     * A message in a chat: words, a photo, a command, or several of these.
     *
     * @param group        true in groups and supergroups, where each person has a conversation of their own
     * @param addressed    whether it is meant for the bot: always in a private chat; in a group when it
     *                     mentions the bot, replies to one of its messages or is a command for it
     * @param text         the text or caption, the bot's @mention and the command taken out
     * @param command      the command without its slash and @botname ({@code imagine}, {@code edit}, …), or null
     * @param photo        the photo's sizes, smallest first; empty when there is none
     * @param mediaGroupId the album the photo belongs to, or null
     * @param replied      the message this one replies to, or null
     * @param thread       the forum topic it was written in, 0 for none (see {@link #topic})
     */
    record Said(long chatId, int messageId, String userId, String userName, boolean group, boolean addressed,
                String text, String command, List<Size> photo, String mediaGroupId, Replied replied, int thread)
            implements Incoming {

        Said(long chatId, int messageId, String userId, String userName, boolean group, boolean addressed,
             String text, String command, List<Size> photo, String mediaGroupId, Replied replied) {
            this(chatId, messageId, userId, userName, group, addressed, text, command, photo, mediaGroupId, replied, 0);
        }

        /** In a group each person keeps their own conversation with the bot. */
        String conversationKey() {
            return group ? chatId + ":" + userId : String.valueOf(chatId);
        }

        boolean hasPhoto() {
            return !photo.isEmpty();
        }
    }

    /** The message a message replies to: one of the bot's (its results) or anyone's photo. */
    record Replied(int messageId, boolean fromBot, List<Size> photo) {
    }

    record Size(String fileId, int width, int height, long bytes) {
    }

    /** A button press; {@code thread} is the forum topic of the message the button is on, 0 for none. */
    record Button(long chatId, int messageId, boolean group, String callbackId, String userId, String userName, String data,
                  int thread)
            implements Incoming {

        Button(long chatId, int messageId, boolean group, String callbackId, String userId, String userName, String data) {
            this(chatId, messageId, group, callbackId, userId, userName, data, 0);
        }

        /** The presser's conversation: in a group, a press on someone else's picture goes on in one's own. */
        String conversationKey() {
            return group ? chatId + ":" + userId : String.valueOf(chatId);
        }
    }

    /** A callback whose message is gone or whose chat we cannot tell: answered, nothing else. */
    record Stale(long chatId, String callbackId) implements Incoming {
    }

    record Skipped(long chatId, String why) implements Incoming {
    }

    /** Who the bot is, from getMe: how a group tells it apart. */
    record Me(long id, String username) {
    }

    static Incoming of(Update update, Me me) {
        if (update.hasCallbackQuery()) return button(update.getCallbackQuery());
        Message m = update.getMessage();
        if (m == null) return new Skipped(0, kind(update));
        long chat = m.getChatId();
        Chat c = m.getChat();
        boolean privateChat = c != null && Boolean.TRUE.equals(c.isUserChat());
        boolean group = c != null && (Boolean.TRUE.equals(c.isGroupChat()) || Boolean.TRUE.equals(c.isSuperGroupChat()));
        if (!privateChat && !group) return new Skipped(chat, "not a private chat or a group");
        if (m.getFrom() == null || Boolean.TRUE.equals(m.getFrom().getIsBot())) {
            return new Skipped(chat, "a message sent on behalf of a channel or by a bot");
        }
        if (!m.hasPhoto() && !m.hasText()) return new Skipped(chat, "a message without text or photo (sticker, poll, …)");
        String userId = String.valueOf(m.getFrom().getId());
        String userName = name(m.getFrom());
        String raw = m.hasPhoto() ? m.getCaption() : m.getText();
        List<MessageEntity> entities = m.hasPhoto() ? m.getCaptionEntities() : m.getEntities();
        Words words = words(raw == null ? "" : raw, entities, me);
        if (words.otherBotsCommand()) return new Skipped(chat, "a command for another bot");
        Replied replied = replied(m.getReplyToMessage(), me);
        boolean addressed = privateChat || words.command() != null || words.mentioned()
                || (replied != null && replied.fromBot());
        return new Said(chat, m.getMessageId(), userId, userName, group, addressed, words.text(), words.command(),
                m.hasPhoto() ? sizes(m.getPhoto()) : List.of(), m.getMediaGroupId(), replied, topic(m));
    }

    /**
     * The forum topic of a message: its {@code message_thread_id} when it is a topic message.
     * Outside forums a reply also carries a thread id (the thread of replies), which is no topic
     * and must not be sent back; a forum's General topic has none.
     */
    static int topic(Message m) {
        return Boolean.TRUE.equals(m.getIsTopicMessage()) && m.getMessageThreadId() != null ? m.getMessageThreadId() : 0;
    }

    /** The words of a message, with the bot's mentions and the command taken out. */
    record Words(String text, String command, boolean mentioned, boolean otherBotsCommand) {
    }

    /**
     * Reads mentions from the message's entities (offsets in UTF-16 units, as Java strings count):
     * "@botname", or a mention by user id for a bot without a username. A command is the first
     * word when it starts with a slash; {@code /imagine@otherbot} is another bot's.
     */
    static Words words(String raw, List<MessageEntity> entities, Me me) {
        StringBuilder text = new StringBuilder(raw);
        boolean mentioned = false;
        if (entities != null) {
            List<MessageEntity> sorted = new ArrayList<>(entities);
            sorted.sort(Comparator.comparing((MessageEntity e) -> e.getOffset() == null ? 0 : e.getOffset()).reversed());
            for (MessageEntity e : sorted) {
                int from = e.getOffset() == null ? -1 : e.getOffset();
                int to = from + (e.getLength() == null ? 0 : e.getLength());
                if (from < 0 || to > raw.length() || to <= from) continue;
                boolean us = switch (e.getType() == null ? "" : e.getType()) {
                    case "mention" -> me.username() != null
                            && raw.substring(from, to).equalsIgnoreCase("@" + me.username());
                    case "text_mention" -> e.getUser() != null && e.getUser().getId() != null && e.getUser().getId() == me.id();
                    default -> false;
                };
                if (us) {
                    mentioned = true;
                    text.replace(from, to, " ");
                }
            }
        }
        String rest = text.toString().strip();
        String command = null;
        if (rest.startsWith("/")) {
            String[] parts = rest.split("\\s+", 2);
            String name = parts[0].substring(1);
            int at = name.indexOf('@');
            if (at >= 0) {
                String target = name.substring(at + 1);
                name = name.substring(0, at);
                if (me.username() == null || !target.equalsIgnoreCase(me.username())) {
                    return new Words(rest, null, mentioned, true);
                }
            }
            command = name.toLowerCase(Locale.ROOT);
            rest = parts.length > 1 ? parts[1].strip() : "";
        }
        return new Words(rest.replaceAll("[ \\t]{2,}", " ").strip(), command, mentioned, false);
    }

    private static Replied replied(Message r, Me me) {
        if (r == null || r.getMessageId() == null) return null;
        boolean fromBot = r.getFrom() != null && r.getFrom().getId() != null && r.getFrom().getId() == me.id();
        return new Replied(r.getMessageId(), fromBot, r.hasPhoto() ? sizes(r.getPhoto()) : List.of());
    }

    private static List<Size> sizes(List<PhotoSize> photo) {
        return photo.stream()
                .map(p -> new Size(p.getFileId(), n(p.getWidth()), n(p.getHeight()),
                        p.getFileSize() == null ? 0 : p.getFileSize()))
                .sorted(Comparator.comparingLong(s -> (long) s.width() * s.height()))
                .toList();
    }

    private static Incoming button(CallbackQuery q) {
        if (q.getMessage() == null || q.getMessage().getChatId() == null) return new Stale(0, q.getId());
        long chat = q.getMessage().getChatId();
        Chat c = q.getMessage().getChat();
        boolean group = c != null && (Boolean.TRUE.equals(c.isGroupChat()) || Boolean.TRUE.equals(c.isSuperGroupChat()));
        return new Button(chat, q.getMessage().getMessageId() == null ? 0 : q.getMessage().getMessageId(), group, q.getId(), q.getFrom() == null ? String.valueOf(chat) : String.valueOf(q.getFrom().getId()),
                name(q.getFrom()), q.getData(), q.getMessage() instanceof Message m ? topic(m) : 0);
    }

    private static String name(User u) {
        if (u == null) return "telegram user";
        if (u.getUserName() != null && !u.getUserName().isBlank()) return u.getUserName();
        return u.getFirstName() == null ? String.valueOf(u.getId()) : u.getFirstName();
    }

    private static String kind(Update u) {
        if (u.hasEditedMessage()) return "an edited message";
        if (u.hasChannelPost()) return "a channel post";
        if (u.hasPoll()) return "a poll";
        return "an update of a type the bot does not handle";
    }

    private static int n(Integer i) {
        return i == null ? 0 : i;
    }
}
