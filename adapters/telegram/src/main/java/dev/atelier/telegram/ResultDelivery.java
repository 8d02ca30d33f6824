package dev.atelier.telegram;

import dev.atelier.core.delivery.DeliveryLedger;
import dev.atelier.core.delivery.JobResult;
import dev.atelier.core.delivery.PostedPictures;
import dev.atelier.core.delivery.ResultClaims;
import dev.atelier.core.delivery.StatusWords;
import dev.atelier.core.image.ImageStore;
import dev.atelier.core.job.Job;
import dev.atelier.core.job.JobEvents;
import dev.atelier.core.job.JobStatus;
import dev.atelier.core.job.JobStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.methods.send.SendChatAction;
import org.telegram.telegrambots.meta.api.methods.send.SendDocument;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.api.methods.send.SendPhoto;
import org.telegram.telegrambots.meta.api.methods.updatingmessages.DeleteMessage;
import org.telegram.telegrambots.meta.api.methods.updatingmessages.EditMessageCaption;
import org.telegram.telegrambots.meta.api.methods.updatingmessages.EditMessageMedia;
import org.telegram.telegrambots.meta.api.methods.updatingmessages.EditMessageText;
import org.telegram.telegrambots.meta.api.objects.InputFile;
import org.telegram.telegrambots.meta.api.objects.media.InputMediaPhoto;
import org.telegram.telegrambots.meta.api.objects.message.Message;

import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Progress and results of the jobs Telegram chats started. Job events arrive on the event
 * system's thread, which must never wait on Telegram: this class only decides there (is the job
 * ours, is an edit due) and hands the Bot API calls to its own bounded executors. The delivery
 * ledger makes posting a result happen once, whether the event, the sweep or a restart gets there first.
 */
final class ResultDelivery implements JobEvents.Listener, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ResultDelivery.class);
    /** Edits only when the bar moved a cell: fewer calls, no flood limit on a long job. */
    private static final int EDIT_STEP_PERCENT = 10;
    private static final String PREVIEW_NAME = "preview.jpg";

    private final ImageStore images;
    private final DeliveryLedger ledger;
    private final ResultClaims claims;
    private final BotApi api;
    private final long editIntervalNanos;
    private final PostedPictures posted;
    private final long chatActionMillis;
    /** A job whose end this process never hears of stops showing "sending a photo…" after this. */
    private static final long CHAT_ACTION_MAX_MILLIS = TimeUnit.MINUTES.toMillis(15);
    private final ScheduledExecutorService chatActions = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "telegram-chat-action");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean closed;
    private final Map<UUID, Watched> watched = new ConcurrentHashMap<>();
    private final ThreadPoolExecutor edits = executor("telegram-progress", 1, 200, new ThreadPoolExecutor.DiscardPolicy());
    private final ThreadPoolExecutor posts = executor("telegram-results", 2, 2000, (r, e) ->
            LOG.warn("too many Telegram results waiting; the sweep will post the rest"));

    /**
     * A job whose progress this process shows; the message id is 0 until the status message is
     * out. The status message starts as text and becomes a photo (the preview, the progress as its
     * caption) once the job has a preview; {@code photoStatus} and {@code shownPreview} are
     * written on the edits thread only.
     */
    private static final class Watched {
        final UUID jobId;
        final long chatId;
        /** The forum topic it goes to, or null for none. */
        final Integer thread;
        /** In a group, the person's message the status message replies to; else 0. */
        final int replyTo;
        volatile int statusMessageId;
        volatile int shownPercent = -1;
        volatile long lastEditNanos;
        volatile int step;
        volatile int steps;
        /** The latest preview the pipeline published (a small JPEG), or null. */
        volatile byte[] preview;
        volatile boolean photoStatus;
        /** Telegram refused the preview photo: this job's status stays text. */
        volatile boolean photoRefused;
        byte[] shownPreview;
        volatile ScheduledFuture<?> chatAction;

        Watched(UUID jobId, Where where, int replyTo) {
            this.jobId = jobId;
            this.chatId = where.chatId();
            this.thread = where.threadId();
            this.replyTo = replyTo;
        }
    }

    ResultDelivery(JobStore jobs, ImageStore images, DeliveryLedger ledger, BotApi api, Duration editInterval,
                   PostedPictures posted, Duration chatActionInterval) {
        this.posted = posted;
        this.chatActionMillis = Math.max(1, chatActionInterval.toMillis());
        this.images = images;
        this.ledger = ledger;
        this.claims = new ResultClaims(jobs, ledger);
        this.api = api;
        this.editIntervalNanos = editInterval.toNanos();
    }

    void watch(UUID jobId, long chatId) {
        watch(jobId, chatId, 0);
    }

    /** @param replyTo in a group, the message the status message replies to (a preview photo replacing it does too) */
    void watch(UUID jobId, long chatId, int replyTo) {
        watch(jobId, Where.chat(chatId), replyTo);
    }

    /** @param where the chat, and the forum topic the status message, chat action and preview go to */
    void watch(UUID jobId, Where where, int replyTo) {
        watched.putIfAbsent(jobId, new Watched(jobId, where, replyTo));
    }

    /** The status message is out; progress that came before it is shown now. */
    void statusShown(UUID jobId, int messageId) {
        Watched w = watched.get(jobId);
        if (w == null) return;
        w.statusMessageId = messageId;
        w.lastEditNanos = System.nanoTime();
        if (w.steps > 0) maybeEdit(w, true);
        showWorking(jobId, w);
    }

    /**
     * "Sending a photo…" at the top of the chat while the job runs. Telegram shows it for 5 s at
     * most, and clears it when the bot sends a message (so it starts after the status message),
     * so it is sent again every few seconds until the job ends.
     */
    private void showWorking(UUID jobId, Watched w) {
        if (closed) return;
        long until = System.currentTimeMillis() + CHAT_ACTION_MAX_MILLIS;
        try {
            w.chatAction = chatActions.scheduleWithFixedDelay(() -> {
                if (watched.get(jobId) != w || System.currentTimeMillis() > until) {
                    stopWorking(w);
                    return;
                }
                api.quietly(SendChatAction.builder().chatId(w.chatId).messageThreadId(w.thread).action("upload_photo").build());
            }, 0, chatActionMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            LOG.debug("no chat action for job {}: stopping", jobId);
        }
        // Finished while the status message was on its way.
        if (watched.get(jobId) != w) stopWorking(w);
    }

    private static void stopWorking(Watched w) {
        ScheduledFuture<?> f = w == null ? null : w.chatAction;
        if (f != null) f.cancel(false);
    }

    void deliverSoon(UUID jobId) {
        if (closed) return;
        try {
            posts.execute(() -> deliver(jobId));
        } catch (RejectedExecutionException e) {
            LOG.debug("result of job {} left to the sweep", jobId);
        }
    }

    /** On the event system's thread: decide, hand off, return. */
    @Override
    public void on(JobEvents.Event event) {
        if (closed) return;
        if (event.status().finished()) {
            stopWorking(watched.get(event.jobId()));
            deliverSoon(event.jobId());
            return;
        }
        Watched w = watched.get(event.jobId());
        if (w == null || event.status() != JobStatus.RUNNING) return;
        if (event.hasPreview()) w.preview = event.preview();
        w.step = event.step();
        w.steps = event.steps();
        maybeEdit(w, false);
    }

    private void maybeEdit(Watched w, boolean force) {
        if (w.statusMessageId == 0) return;
        int step = w.step;
        int steps = w.steps;
        int percent = StatusWords.percent(step, steps);
        long now = System.nanoTime();
        boolean due = force || (percent - w.shownPercent >= EDIT_STEP_PERCENT && now - w.lastEditNanos >= editIntervalNanos);
        if (!due || percent >= 100 || percent == w.shownPercent) return;
        w.shownPercent = percent;
        w.lastEditNanos = now;
        edits.execute(() -> {
            try {
                show(w, StatusWords.progress(step, steps));
            } catch (RuntimeException e) {
                LOG.debug("progress edit in chat {} failed: {}", w.chatId, e.getMessage());
            }
        });
    }

    /**
     * One progress edit, on the edits thread (so edits of one message never overtake each other):
     * the text of a text status; the first preview turns the status into a photo; after that a new
     * preview replaces the photo (editMessageMedia, uploaded as multipart) and no new one changes
     * only the caption.
     */
    private void show(Watched w, String progress) {
        // Its result is being posted: the status message is about to go.
        if (watched.get(w.jobId) != w) return;
        byte[] preview = w.preview;
        if (preview != null && !w.photoStatus && !w.photoRefused) {
            try {
                showAsPhoto(w, preview, progress);
                return;
            } catch (BotApi.CallFailed e) {
                // Telegram would not take the preview as a photo: the status stays text, as without previews.
                LOG.debug("preview photo in chat {} refused: {}", w.chatId, e.getMessage());
                w.photoRefused = true;
            }
        }
        if (w.photoStatus && preview != w.shownPreview) {
            InputMediaPhoto media = new InputMediaPhoto(new ByteArrayInputStream(preview), PREVIEW_NAME);
            media.setCaption(progress);
            api.editMedia(EditMessageMedia.builder().chatId(w.chatId).messageId(w.statusMessageId).media(media).build());
            w.shownPreview = preview;
        } else if (w.photoStatus) {
            api.edit(EditMessageCaption.builder().chatId(w.chatId).messageId(w.statusMessageId).caption(progress).build());
        } else {
            api.edit(EditMessageText.builder().chatId(w.chatId).messageId(w.statusMessageId).text(progress).build());
        }
    }

    /**
     * Replaces the text status with a photo status: a text message cannot become a photo, so the
     * preview is sent with the progress as its caption and the text message deleted. The ledger
     * learns the new message first, so whoever posts the result removes the photo; one posted
     * meanwhile (it may have read the old id) leaves the photo to this method to remove.
     */
    private void showAsPhoto(Watched w, byte[] preview, String progress) {
        int old = w.statusMessageId;
        SendPhoto.SendPhotoBuilder<?, ?> photo = SendPhoto.builder().chatId(w.chatId).messageThreadId(w.thread)
                .photo(new InputFile(new ByteArrayInputStream(preview), PREVIEW_NAME)).caption(progress);
        if (w.replyTo != 0) photo.replyToMessageId(w.replyTo).allowSendingWithoutReply(true);
        Message sent = api.sendPhoto(photo.build());
        int id = sent.getMessageId();
        ledger.setStatusMessage(w.jobId, String.valueOf(id));
        w.statusMessageId = id;
        w.photoStatus = true;
        w.shownPreview = preview;
        removeStatus(w.chatId, old);
        if (ledger.find(w.jobId).map(d -> d.deliveredAt() != null).orElse(false)) removeStatus(w.chatId, id);
    }

    /** Posts the result of a finished job once; anything else (not ours, not finished, posted) is left alone. */
    void deliver(UUID jobId) {
        if (closed) return;
        Optional<ResultClaims.Claimed> claimed = claims.claim(jobId);
        if (claimed.isEmpty()) return;
        Job job = claimed.get().job();
        DeliveryLedger.Delivery d = claimed.get().delivery();
        Where where = Where.ofLedger(d.chatId());
        long chatId = where.chatId();
        stopWorking(watched.remove(jobId));
        try {
            switch (JobResult.of(job, images)) {
                case JobResult.Pictures p -> postPictures(where, p, d.actionKey());
                case JobResult.Words w -> send(where, w.text());
            }
            ledger.delivered(jobId);
        } catch (RuntimeException e) {
            LOG.warn("posting the result of job {} to chat {} failed; the sweep tries again", jobId, chatId, e);
            ledger.release(jobId);
            return;
        }
        // Read again: the status message may have been recorded while the result was posted.
        ledger.find(jobId).map(DeliveryLedger.Delivery::statusMessageId)
                .ifPresent(id -> removeStatus(chatId, Integer.parseInt(id)));
    }

    void removeStatus(long chatId, int messageId) {
        api.quietly(DeleteMessage.builder().chatId(chatId).messageId(messageId).build());
    }

    private void postPictures(Where where, JobResult.Pictures result, String key) {
        long chatId = where.chatId();
        for (int i = 0; i < result.pictures().size(); i++) {
            JobResult.Picture picture = result.pictures().get(i);
            String prompt = picture.prompt();
            byte[] png = picture.png();
            InputFile file = new InputFile(new ByteArrayInputStream(png), "atelier-" + (i + 1) + ".png");
            Message sent;
            if (fitsAsPhoto(png.length, picture.image().width(), picture.image().height())) {
                sent = api.sendPhoto(SendPhoto.builder().chatId(chatId).messageThreadId(where.threadId()).photo(file).caption(StatusText.caption(prompt))
                        .replyMarkup(ResultKeyboard.keyboard(key, i)).build());
            } else {
                sent = api.sendDocument(SendDocument.builder().chatId(chatId).messageThreadId(where.threadId()).document(file).caption(StatusText.caption(prompt))
                        .replyMarkup(ResultKeyboard.keyboard(key, i)).build());
            }
            remember(chatId, sent, picture.image().id());
            if (!StatusText.fitsCaption(prompt)) send(where, "Full prompt:\n" + prompt);
        }
    }

    /** Which picture the message shows, for replies to it; a failure only makes such replies miss it. */
    private void remember(long chatId, Message sent, UUID imageId) {
        if (sent == null || sent.getMessageId() == null) return;
        try {
            posted.record(ChatTurns.PLATFORM, String.valueOf(chatId), String.valueOf(sent.getMessageId()), imageId);
        } catch (RuntimeException e) {
            LOG.warn("cannot record that message {} in chat {} shows image {}", sent.getMessageId(), chatId, imageId, e);
        }
    }

    /**
     * Telegram refuses a photo over 10 MB, with width + height over 10,000 or a side more than
     * 20 times the other; such a result goes as a file instead.
     */
    static boolean fitsAsPhoto(long bytes, int width, int height) {
        int longer = Math.max(width, height);
        int shorter = Math.max(1, Math.min(width, height));
        return bytes <= 10L * 1024 * 1024 && width + height <= 10_000 && longer <= 20L * shorter;
    }

    private void send(Where where, String text) {
        api.call(SendMessage.builder().chatId(where.chatId()).messageThreadId(where.threadId()).text(StatusWords.fit(text, StatusText.MESSAGE_LIMIT)).build());
    }

    /** Finished jobs whose event was missed (down, restarted, pub/sub dropped it). */
    void sweep() {
        try {
            for (DeliveryLedger.Delivery d : ledger.pending(ChatTurns.PLATFORM, ResultClaims.STALE_CLAIM, 100)) {
                deliverSoon(d.jobId());
            }
        } catch (RuntimeException e) {
            LOG.warn("looking for undelivered Telegram results failed", e);
        }
    }

    private static ThreadPoolExecutor executor(String name, int threads, int queue,
                                               java.util.concurrent.RejectedExecutionHandler whenFull) {
        ThreadPoolExecutor e = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(queue), r -> {
                    Thread t = new Thread(r, name);
                    t.setDaemon(true);
                    return t;
                }, whenFull);
        e.allowCoreThreadTimeOut(true);
        return e;
    }

    @Override
    public void close() {
        closed = true;
        chatActions.shutdownNow();
        edits.shutdownNow();
        posts.shutdown();
        try {
            if (!posts.awaitTermination(10, TimeUnit.SECONDS)) posts.shutdownNow();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            posts.shutdownNow();
        }
    }
}
