package dev.atelier.telegram;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Telegram sends an album (media group) as one update per photo, with nothing saying how many
 * will come. The photos of one album are collected until none has come for the window, then
 * handed on as one message: one album, one turn.
 *
 * <p>What the turn is made of: the album's first photo (by message id, as the person ordered
 * them) is the picture it starts from; the caption is whichever photo has one (Telegram puts it
 * on the first, but any will do); a mention or a reply to the bot on any photo addresses the
 * whole album in a group. The other photos are not used (bot-core turns take one image).
 */
final class Albums implements AutoCloseable {

    private final long windowMillis;
    private final Consumer<Incoming.Said> whenComplete;
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "telegram-albums");
        t.setDaemon(true);
        return t;
    });

    private static final class Pending {
        final List<Incoming.Said> photos = new ArrayList<>();
        ScheduledFuture<?> flush;
    }

    Albums(Duration window, Consumer<Incoming.Said> whenComplete) {
        this.windowMillis = Math.max(1, window.toMillis());
        this.whenComplete = whenComplete;
    }

    /** One photo of an album; the album is handed on a window after its last photo. */
    void add(Incoming.Said photo) {
        String key = photo.chatId() + "/" + photo.mediaGroupId();
        pending.compute(key, (k, p) -> {
            Pending album = p == null ? new Pending() : p;
            album.photos.add(photo);
            if (album.flush != null) album.flush.cancel(false);
            album.flush = timer.schedule(() -> complete(k), windowMillis, TimeUnit.MILLISECONDS);
            return album;
        });
    }

    private void complete(String key) {
        Pending[] taken = new Pending[1];
        pending.computeIfPresent(key, (k, p) -> {
            taken[0] = p;
            return null;
        });
        if (taken[0] != null) whenComplete.accept(merge(taken[0].photos));
    }

    /** The album as one message (see the class comment for what comes from which photo). */
    static Incoming.Said merge(List<Incoming.Said> photos) {
        List<Incoming.Said> ordered = photos.stream().sorted(Comparator.comparingInt(Incoming.Said::messageId)).toList();
        Incoming.Said first = ordered.getFirst();
        Incoming.Said worded = ordered.stream().filter(s -> !s.text().isEmpty() || s.command() != null)
                .findFirst().orElse(first);
        boolean addressed = ordered.stream().anyMatch(Incoming.Said::addressed);
        Incoming.Replied replied = ordered.stream().map(Incoming.Said::replied).filter(Objects::nonNull)
                .findFirst().orElse(null);
        return new Incoming.Said(first.chatId(), first.messageId(), first.userId(), first.userName(), first.group(),
                addressed, worded.text(), worded.command(), first.photo(), first.mediaGroupId(), replied, first.thread());
    }

    /**
     * Hands on the albums still being collected instead of forgetting them: their updates were
     * taken (the poller has confirmed them to Telegram), so they are answered before the lanes close.
     */
    @Override
    public void close() {
        timer.shutdownNow();
        for (String key : List.copyOf(pending.keySet())) complete(key);
    }
}
