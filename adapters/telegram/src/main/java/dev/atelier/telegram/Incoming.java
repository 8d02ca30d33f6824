package dev.atelier.telegram;

import org.telegram.telegrambots.meta.api.objects.CallbackQuery;
import org.telegram.telegrambots.meta.api.objects.Update;
import org.telegram.telegrambots.meta.api.objects.User;
import org.telegram.telegrambots.meta.api.objects.message.Message;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * What an update means to Atelier, read without any I/O so that the update thread only
 * translates. Everything the bot does not handle yet is {@link Skipped}.
 */
sealed interface Incoming {

    long chatId();

    /** A text (or /imagine) turn. */
    record Text(long chatId, int messageId, String userId, String userName, String text) implements Incoming {
    }

    /** A photo; {@code caption} may be empty. The sizes are Telegram's, smallest first. */
    record Photo(long chatId, int messageId, String userId, String userName, String caption,
                 List<Size> sizes) implements Incoming {
    }

    record Size(String fileId, int width, int height, long bytes) {
    }

    /** /start, /help or a command the bot does not know. */
    record Help(long chatId, int messageId) implements Incoming {
    }

    record Button(long chatId, String callbackId, String userId, String userName, String data) implements Incoming {
    }

    /** A callback whose message is gone or whose chat we cannot tell: answered, nothing else. */
    record Stale(long chatId, String callbackId) implements Incoming {
    }

    record Skipped(long chatId, String why) implements Incoming {
    }

    static Incoming of(Update update) {
        if (update.hasCallbackQuery()) return button(update.getCallbackQuery());
        Message m = update.getMessage();
        if (m == null) return new Skipped(0, kind(update));
        long chat = m.getChatId();
        if (m.getChat() == null || !Boolean.TRUE.equals(m.getChat().isUserChat())) {
            return new Skipped(chat, "not a private chat (groups come later)");
        }
        String userId = m.getFrom() == null ? String.valueOf(chat) : String.valueOf(m.getFrom().getId());
        String userName = name(m.getFrom());
        if (m.hasPhoto()) {
            List<Size> sizes = m.getPhoto().stream()
                    .map(p -> new Size(p.getFileId(), n(p.getWidth()), n(p.getHeight()),
                            p.getFileSize() == null ? 0 : p.getFileSize()))
                    .sorted(Comparator.comparingLong(s -> (long) s.width() * s.height()))
                    .toList();
            return new Photo(chat, m.getMessageId(), userId, userName,
                    m.getCaption() == null ? "" : m.getCaption().strip(), sizes);
        }
        if (!m.hasText()) return new Skipped(chat, "a message without text or photo (sticker, poll, …)");
        String text = m.getText().strip();
        if (text.startsWith("/")) {
            String[] parts = text.split("\\s+", 2);
            String command = parts[0].substring(1).toLowerCase(Locale.ROOT).replaceFirst("@.*$", "");
            String rest = parts.length > 1 ? parts[1].strip() : "";
            if (command.equals("imagine") && !rest.isEmpty()) {
                return new Text(chat, m.getMessageId(), userId, userName, rest);
            }
            return new Help(chat, m.getMessageId());
        }
        return new Text(chat, m.getMessageId(), userId, userName, text);
    }

    private static Incoming button(CallbackQuery q) {
        if (q.getMessage() == null || q.getMessage().getChatId() == null) return new Stale(0, q.getId());
        long chat = q.getMessage().getChatId();
        return new Button(chat, q.getId(), q.getFrom() == null ? String.valueOf(chat) : String.valueOf(q.getFrom().getId()),
                name(q.getFrom()), q.getData());
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
