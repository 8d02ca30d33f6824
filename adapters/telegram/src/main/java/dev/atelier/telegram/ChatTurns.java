package dev.atelier.telegram;

import dev.atelier.core.conversation.ConversationStore;
import dev.atelier.core.conversation.Turn;
import dev.atelier.core.dedup.Deduplicator;
import dev.atelier.core.delivery.DeliveryLedger;
import dev.atelier.core.delivery.PressedResults;
import dev.atelier.core.delivery.ResultAction;
import dev.atelier.core.delivery.StatusWords;
import dev.atelier.core.image.ImageStore;
import dev.atelier.core.job.Job;
import dev.atelier.core.job.JobStore;
import dev.atelier.core.turn.Inbound;
import dev.atelier.core.turn.RejectedTurnException;
import dev.atelier.core.turn.TurnOrchestrator;
import dev.atelier.core.turn.TurnRequest.Accepted;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.methods.AnswerCallbackQuery;
import org.telegram.telegrambots.meta.api.methods.GetFile;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.api.objects.File;
import org.telegram.telegrambots.meta.api.objects.message.Message;

import java.util.Optional;
import java.util.UUID;

/**
 * Turns what a private chat sends into bot-core turns: a text, a photo, a button press. Runs on
 * the chat's lane. Each accepted turn gets a status message at once and is recorded in the
 * delivery ledger, so its result is posted even if the job's event never arrives here.
 */
final class ChatTurns {

    private static final Logger LOG = LoggerFactory.getLogger(ChatTurns.class);
    static final String PLATFORM = "telegram";
    /** Bots may download files up to 20 MB through the Bot API. */
    private static final long MAX_DOWNLOAD_BYTES = 20L * 1024 * 1024;
    /** A photo size above this is left for a smaller one; bot-core checks the configured limit. */
    private static final long MAX_PHOTO_PIXELS = 4096L * 4096;

    private final TurnOrchestrator orchestrator;
    private final JobStore jobs;
    private final ConversationStore conversations;
    private final ImageStore images;
    private final DeliveryLedger ledger;
    private final BotApi api;
    private final ResultDelivery delivery;
    private final Deduplicator dedup;
    private final PressedResults pressed;

    ChatTurns(TurnOrchestrator orchestrator, JobStore jobs, ConversationStore conversations, ImageStore images,
              DeliveryLedger ledger, BotApi api, ResultDelivery delivery, Deduplicator dedup) {
        this.dedup = dedup;
        this.orchestrator = orchestrator;
        this.jobs = jobs;
        this.conversations = conversations;
        this.images = images;
        this.ledger = ledger;
        this.api = api;
        this.delivery = delivery;
        this.pressed = new PressedResults(jobs, ledger, images);
    }

    void handle(Incoming incoming) {
        switch (incoming) {
            case Incoming.Text t -> start(t.chatId(), new Inbound(PLATFORM, String.valueOf(t.chatId()), t.userId(),
                    t.userName(), messageKey(t.chatId(), t.messageId()), null, t.text(), null, null,
                    Inbound.Options.NONE, null, null, null));
            case Incoming.Photo p -> photo(p);
            case Incoming.Help h -> {
                // Turns are de-duplicated by bot-core; a re-sent /help is caught here.
                if (dedup.claim(PLATFORM, messageKey(h.chatId(), h.messageId()), UUID.randomUUID()).isEmpty()) {
                    say(h.chatId(), StatusText.HELP);
                }
            }
            case Incoming.Button b -> button(b);
            case Incoming.Stale s -> api.quietly(AnswerCallbackQuery.builder().callbackQueryId(s.callbackId())
                    .text("This button has expired.").build());
            case Incoming.Skipped s -> LOG.debug("Telegram chat {}: skipped {}", s.chatId(), s.why());
        }
    }

    private void photo(Incoming.Photo p) {
        Inbound.Upload upload;
        try {
            Incoming.Size size = p.sizes().stream()
                    .filter(s -> s.bytes() <= MAX_DOWNLOAD_BYTES && (long) s.width() * s.height() <= MAX_PHOTO_PIXELS)
                    .reduce((a, b) -> b).orElse(p.sizes().getFirst());
            File file = api.call(GetFile.builder().fileId(size.fileId()).build());
            upload = new Inbound.Upload(api.download(file.getFilePath(), MAX_DOWNLOAD_BYTES), "photo.jpg", "image/jpeg");
        } catch (RuntimeException e) {
            LOG.warn("Telegram chat {}: cannot fetch a photo", p.chatId(), e);
            say(p.chatId(), "I could not fetch that photo from Telegram; please send it again.");
            return;
        }
        // No caption: "something like this". A caption routes itself (similar or edit).
        String task = p.caption().isEmpty() ? "similar" : null;
        start(p.chatId(), new Inbound(PLATFORM, String.valueOf(p.chatId()), p.userId(), p.userName(),
                messageKey(p.chatId(), p.messageId()), null, p.caption(), upload, null, Inbound.Options.NONE,
                task, null, null));
    }

    private void button(Incoming.Button b) {
        Optional<ResultAction.Press> parsed = ResultAction.parse(b.data());
        Optional<PressedResults.Pressed> pressedOn = parsed.flatMap(pressed::find);
        if (pressedOn.isEmpty() || !pressedOn.get().delivery().chatId().equals(String.valueOf(b.chatId()))) {
            answer(b.callbackId(), "This button has expired.");
            return;
        }
        ResultAction.Press press = parsed.get();
        // A second press while the first one's job runs: the same answer, no second job.
        if (pressed.alreadyRunning(press)) {
            answer(b.callbackId(), "Already on it…");
            return;
        }
        answer(b.callbackId(), press.action().toast);
        Job job = pressedOn.get().job();
        Inbound inbound = switch (press.action()) {
            // The same request again (text, task, source image, direction); bot-core draws a new seed.
            case REGENERATE -> new Inbound(PLATFORM, String.valueOf(b.chatId()), b.userId(), b.userName(),
                    "cb:" + b.callbackId(), null, userText(job), pressed.upload(job.sourceImageId(), "image"), null,
                    Inbound.Options.NONE, job.task().wireName(),
                    job.direction() == null ? null : job.direction().wireName(),
                    job.amount() > 0 ? job.amount() : null);
            default -> new Inbound(PLATFORM, String.valueOf(b.chatId()), b.userId(), b.userName(),
                    "cb:" + b.callbackId(), null, "", pressed.picture(job, press.image(), "image"), null, Inbound.Options.NONE,
                    press.action().task, press.action().direction, null);
        };
        // Recorded before the status message goes out, so a quick second press already sees it.
        start(b.chatId(), inbound, jobId -> ledger.recordAction(press.key(), press.action().code, jobId));
    }

    /**
     * Accepts the turn, shows the status message and records the job for delivery. Nothing
     * happens for a re-delivery of a turn already accepted (it has its reply on the way).
     */
    private void start(long chatId, Inbound inbound) {
        start(chatId, inbound, jobId -> { });
    }

    private void start(long chatId, Inbound inbound, java.util.function.Consumer<UUID> onAccepted) {
        Accepted accepted;
        try {
            accepted = orchestrator.accept(inbound);
        } catch (RejectedTurnException e) {
            say(chatId, e.getMessage());
            return;
        }
        if (accepted.duplicate()) {
            LOG.debug("Telegram chat {}: {} was already accepted as job {}", chatId, inbound.messageId(), accepted.jobId());
            // Normally a no-op; after a crash between accepting and recording, the job is owed a reply.
            ledger.track(accepted.jobId(), PLATFORM, String.valueOf(chatId));
            if (jobs.find(accepted.jobId()).map(j -> j.status().finished()).orElse(false)) {
                delivery.deliverSoon(accepted.jobId());
            }
            return;
        }
        UUID jobId = accepted.jobId();
        onAccepted.accept(jobId);
        DeliveryLedger.Delivery tracked = ledger.track(jobId, PLATFORM, String.valueOf(chatId));
        delivery.watch(jobId, chatId);
        try {
            Message status = api.call(SendMessage.builder().chatId(chatId)
                    .text(StatusWords.queued(jobs.position(jobId))).build());
            ledger.setStatusMessage(jobId, String.valueOf(status.getMessageId()));
            delivery.statusShown(jobId, status.getMessageId());
            // Posted while the status message was on its way: it has nothing left to say.
            if (ledger.find(jobId).map(d -> d.deliveredAt() != null).orElse(false)) {
                delivery.removeStatus(chatId, status.getMessageId());
            }
        } catch (RuntimeException e) {
            LOG.warn("Telegram chat {}: cannot send the status message of job {}", chatId, jobId, e);
        }
        // A quick job may have finished before the status message was recorded.
        if (jobs.find(jobId).map(j -> j.status().finished()).orElse(false)) delivery.deliverSoon(tracked.jobId());
    }

    /** What the person wrote for that job; a job made from an image alone may have no words. */
    private String userText(Job job) {
        String text = conversations.turns(job.conversationId()).stream()
                .filter(t -> t.id().equals(job.userTurnId())).map(Turn::text).findFirst().orElse("");
        if (!text.isBlank() || job.sourceImageId() != null) return text;
        return job.prompts().isEmpty() ? "" : job.prompts().getFirst();
    }

    private void answer(String callbackId, String toast) {
        api.quietly(AnswerCallbackQuery.builder().callbackQueryId(callbackId).text(toast).build());
    }

    private void say(long chatId, String text) {
        try {
            api.call(SendMessage.builder().chatId(chatId).text(StatusWords.fit(text, StatusText.MESSAGE_LIMIT)).build());
        } catch (RuntimeException e) {
            LOG.warn("Telegram chat {}: cannot send a message", chatId, e);
        }
    }

    /** Telegram re-sends an update with the same message: its chat and message id name it. */
    private static String messageKey(long chatId, int messageId) {
        return "msg:" + chatId + ":" + messageId;
    }
}
