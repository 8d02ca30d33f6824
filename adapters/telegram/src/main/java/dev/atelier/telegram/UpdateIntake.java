package dev.atelier.telegram;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.longpolling.interfaces.LongPollingUpdateConsumer;
import org.telegram.telegrambots.meta.api.objects.Update;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * The poller's consumer, and the webhook's. It runs on TelegramBots' polling thread (or the
 * webhook's request thread), so it only translates each update and hands it to the chat's lane:
 * a slow database or Bot API call here would stop every chat from being heard. Group messages
 * not meant for the bot stop here, unread and unstored; the photos of an album wait here for
 * their siblings.
 */
final class UpdateIntake implements LongPollingUpdateConsumer, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(UpdateIntake.class);

    private final ChatLanes lanes;
    private final Incoming.Me me;
    private final Consumer<Incoming> handler;
    private final Albums albums;

    UpdateIntake(ChatLanes lanes, Incoming.Me me, Duration albumWindow, Consumer<Incoming> handler) {
        this.lanes = lanes;
        this.me = me;
        this.handler = handler;
        // An album is handed on from the albums' timer thread; waiting there for room is fine.
        this.albums = new Albums(albumWindow, album -> {
            if (album.addressed()) lanes.submit(album.chatId(), () -> handler.accept(album));
            else LOG.debug("Telegram chat {}: an album not meant for the bot", album.chatId());
        });
    }

    /** Polling: every update is handed on, waiting for room in its lane if need be. */
    @Override
    public void consume(List<Update> updates) {
        for (Update update : updates) take(update, true);
    }

    /** Webhook: false when the chat's lane is full (the update was not taken; Telegram sends it again). */
    boolean offer(Update update) {
        return take(update, false);
    }

    private boolean take(Update update, boolean wait) {
        Incoming incoming;
        try {
            incoming = Incoming.of(update, me);
        } catch (RuntimeException e) {
            LOG.debug("update {} cannot be read; skipped", update.getUpdateId(), e);
            return true;
        }
        switch (incoming) {
            case Incoming.Skipped s -> {
                LOG.debug("update {} skipped: {}", update.getUpdateId(), s.why());
                return true;
            }
            case Incoming.Said said when said.mediaGroupId() != null && said.hasPhoto() -> {
                albums.add(said);
                return true;
            }
            case Incoming.Said said when !said.addressed() -> {
                LOG.debug("update {}: a group message not meant for the bot", update.getUpdateId());
                return true;
            }
            default -> {
                Runnable work = () -> handler.accept(incoming);
                return wait ? lanes.submit(incoming.chatId(), work) : lanes.offer(incoming.chatId(), work);
            }
        }
    }

    @Override
    public void close() {
        albums.close();
    }
}
