package dev.atelier.telegram;

import dev.atelier.core.conversation.ConversationStore;
import dev.atelier.core.conversation.Turn;
import dev.atelier.core.dedup.Deduplicator;
import dev.atelier.core.delivery.DeliveryLedger;
import dev.atelier.core.conversation.UserDirectory;
import dev.atelier.core.delivery.PostedPictures;
import dev.atelier.core.delivery.PressedResults;
import dev.atelier.core.settings.UserDefaults;
import dev.atelier.core.settings.UserSettings;
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
import org.telegram.telegrambots.meta.api.methods.updatingmessages.EditMessageText;
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

    /** Who was told they are rate limited, until when: they are told once per wait, not per message. */
    private final Notices rateLimitNotices = new Notices();

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
    private final PostedPictures posted;
    private final UserDirectory users;
    private final UserSettings userSettings;

    ChatTurns(TurnOrchestrator orchestrator, JobStore jobs, ConversationStore conversations, ImageStore images,
              DeliveryLedger ledger, BotApi api, ResultDelivery delivery, Deduplicator dedup, PostedPictures posted,
              UserDirectory users, UserSettings userSettings) {
        this.userSettings = userSettings;
        this.posted = posted;
        this.users = users;
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
        try {
            switch (incoming) {
                case Incoming.Said s -> said(s);
                case Incoming.Button b -> button(b);
                case Incoming.Stale s -> api.quietly(AnswerCallbackQuery.builder().callbackQueryId(s.callbackId())
                        .text("This button has expired.").build());
                case Incoming.Skipped s -> LOG.debug("Telegram chat {}: skipped {}", s.chatId(), s.why());
            }
        } catch (RuntimeException e) {
            // Our fault, not theirs: a short apology they can quote, the whole story in the log.
            String reference = UUID.randomUUID().toString().substring(0, 8);
            LOG.error("Telegram chat {}: handling {} failed (reference {})", incoming.chatId(),
                    incoming.getClass().getSimpleName(), reference, e);
            if (incoming instanceof Incoming.Button b) answer(b.callbackId(), "Something went wrong.");
            if (incoming.chatId() != 0) {
                say(incoming.where(), "Sorry, something went wrong on my side. If it keeps happening, quote reference "
                        + reference + ".");
            }
        }
    }

    /** A message for the bot: a command, a photo, a reply to a picture, or words. */
    private void said(Incoming.Said s) {
        String command = s.command() == null ? "" : s.command();
        switch (command) {
            case "" -> {
                if (s.hasPhoto()) {
                    photo(s);
                } else if (s.text().isEmpty()) {
                    // "@atelier_bot" alone, or a reply to its picture with no words.
                    once(s, () -> say(s, StatusText.HELP));
                } else if (s.replied() != null && s.replied().fromBot()) {
                    // Words in reply to one of the bot's pictures change that picture; to any other
                    // message of the bot they are just words.
                    Optional<Inbound.Upload> picture = postedPicture(s);
                    if (picture.isPresent()) turn(s, s.text(), picture.get(), "edit", null, null);
                    else turn(s, s.text(), null, null, null, null);
                } else {
                    turn(s, s.text(), null, null, null, null);
                }
            }
            case "imagine" -> {
                if (s.hasPhoto()) photo(s);
                else if (s.text().isEmpty()) once(s, () -> say(s, "Tell me what to paint: /imagine a red fox in the snow"));
                else turn(s, s.text(), null, null, null, null);
            }
            case "edit" -> {
                if (s.text().isEmpty()) {
                    once(s, () -> say(s, "Say what to change: reply to a picture with /edit make it night"));
                    return;
                }
                Optional<Inbound.Upload> source = source(s);
                if (source == null) return;
                if (source.isEmpty()) {
                    once(s, () -> say(s, "Reply to a picture with /edit <what to change>, e.g. /edit make it night"));
                    return;
                }
                turn(s, s.text(), source.get(), "edit", null, null);
            }
            case "outpaint" -> outpaint(s);
            case "reset" -> once(s, () -> reset(s));
            case "settings" -> once(s, () -> settings(s));
            default -> once(s, () -> say(s, StatusText.HELP));
        }
    }

    /** {@code /outpaint <direction> [amount]} on the replied-to picture, or else the chat's last one. */
    private void outpaint(Incoming.Said s) {
        Optional<Commands.Outpaint> parsed = Commands.outpaint(s.text());
        if (parsed.isEmpty()) {
            once(s, () -> say(s, Commands.OUTPAINT_USAGE));
            return;
        }
        Optional<Inbound.Upload> source = source(s);
        if (source == null) return;
        // Words for the turn (bot-core wants some when no picture comes with it), as a person would say it.
        turn(s, parsed.get().words(), source.orElse(null), "outpaint", parsed.get().direction(), parsed.get().amount());
    }

    /**
     * {@code /settings} shows the person's defaults with buttons to change them; {@code /settings
     * <field> <value>} changes one first. Settings are the person's, in every chat.
     */
    private void settings(Incoming.Said s) {
        UserDefaults defaults;
        if (s.text().isEmpty()) {
            defaults = userSettings.of(PLATFORM, s.userId());
        } else {
            String[] words = s.text().split("\\s+", 2);
            var change = SettingsPanel.change(words[0], words.length > 1 ? words[1] : "");
            if (change.isEmpty()) {
                say(s, "I know the settings steps, aspect, style and seed: e.g. /settings steps 30, "
                        + "/settings aspect 16:9, /settings style anime, /settings seed 42 (or random), /settings reset.");
                return;
            }
            try {
                defaults = userSettings.update(PLATFORM, s.userId(), s.userName(), change.get());
            } catch (RejectedTurnException e) {
                say(s, e.getMessage());
                return;
            }
        }
        api.call(SendMessage.builder().chatId(s.chatId()).messageThreadId(s.where().threadId())
                .text(SettingsPanel.text(defaults, userSettings.limits()))
                .replyMarkup(SettingsPanel.keyboard(defaults, userSettings.limits())).build());
    }

    /** A settings button: changes the presser's settings and redraws the panel with them. */
    private void settingsPressed(Incoming.Button b) {
        var change = SettingsPanel.pressed(b.data());
        if (change.isEmpty()) {
            answer(b.callbackId(), "This button has expired.");
            return;
        }
        UserDefaults defaults;
        try {
            defaults = userSettings.update(PLATFORM, b.userId(), b.userName(), change.get());
        } catch (RejectedTurnException e) {
            // Telegram shows at most 200 characters in a toast.
            answer(b.callbackId(), StatusWords.fit(e.getMessage(), 200));
            return;
        }
        answer(b.callbackId(), "Saved.");
        api.edit(EditMessageText.builder().chatId(b.chatId()).messageId(b.messageId())
                .text(SettingsPanel.text(defaults, userSettings.limits()))
                .replyMarkup(SettingsPanel.keyboard(defaults, userSettings.limits())).build());
    }

    /** A new conversation for this person in this chat: what came before is no longer context. */
    private void reset(Incoming.Said s) {
        UUID userId = users.resolve(PLATFORM, s.userId(), s.userName());
        conversations.create(PLATFORM, s.conversationKey(), userId);
        say(s, "Starting afresh: I have forgotten our earlier pictures. What shall I paint?");
    }

    private void photo(Incoming.Said s) {
        Inbound.Upload upload;
        try {
            upload = fetch(s.photo());
        } catch (RuntimeException e) {
            LOG.warn("Telegram chat {}: cannot fetch a photo", s.chatId(), e);
            once(s, () -> say(s, "I could not fetch that photo from Telegram; please send it again."));
            return;
        }
        // No caption: "something like this". A caption routes itself (similar or edit).
        turn(s, s.text(), upload, s.text().isEmpty() ? "similar" : null, null, null);
    }

    /**
     * The picture a command works on: the photo sent with it, else the picture of the message it
     * replies to (one of the bot's results, or anyone's photo). Empty when there is none; null
     * when there is one but Telegram would not give it (the person has been told).
     */
    private Optional<Inbound.Upload> source(Incoming.Said s) {
        try {
            if (s.hasPhoto()) return Optional.of(fetch(s.photo()));
            if (s.replied() == null) return Optional.empty();
            if (s.replied().fromBot()) {
                Optional<Inbound.Upload> posted = postedPicture(s);
                if (posted.isPresent()) return posted;
            }
            return s.replied().photo().isEmpty() ? Optional.empty() : Optional.of(fetch(s.replied().photo()));
        } catch (RuntimeException e) {
            LOG.warn("Telegram chat {}: cannot fetch the picture replied to", s.chatId(), e);
            once(s, () -> say(s, "I could not fetch that picture from Telegram; please try again."));
            return null;
        }
    }

    /** The stored picture of the bot's result the message replies to, as it was made (not Telegram's JPEG). */
    private Optional<Inbound.Upload> postedPicture(Incoming.Said s) {
        return posted.find(PLATFORM, String.valueOf(s.chatId()), String.valueOf(s.replied().messageId()))
                .map(id -> pressed.upload(id, "image"));
    }

    /** The biggest size of a photo under the byte and pixel caps, fetched through getFile. */
    private Inbound.Upload fetch(java.util.List<Incoming.Size> sizes) {
        Incoming.Size size = sizes.stream()
                .filter(z -> z.bytes() <= MAX_DOWNLOAD_BYTES && (long) z.width() * z.height() <= MAX_PHOTO_PIXELS)
                .reduce((a, b) -> b).orElse(sizes.getFirst());
        File file = api.call(GetFile.builder().fileId(size.fileId()).build());
        return new Inbound.Upload(api.download(file.getFilePath(), MAX_DOWNLOAD_BYTES), "photo.jpg", "image/jpeg");
    }

    private void turn(Incoming.Said s, String text, Inbound.Upload image, String task, String direction, Double amount) {
        start(s.where(), s.group() ? s.messageId() : 0, new Inbound(PLATFORM, s.conversationKey(), s.userId(), s.userName(),
                messageKey(s), null, text, image, null, Inbound.Options.NONE, task, direction, amount), jobId -> { });
    }

    /** An answer that starts no job, given once however often Telegram delivers the message. */
    private void once(Incoming.Said s, Runnable answer) {
        if (dedup.claim(PLATFORM, messageKey(s), UUID.randomUUID()).isEmpty()) answer.run();
    }

    private void button(Incoming.Button b) {
        if (b.data() != null && b.data().startsWith(SettingsPanel.PREFIX)) {
            settingsPressed(b);
            return;
        }
        Optional<ResultAction.Press> parsed = ResultAction.parse(b.data());
        Optional<PressedResults.Pressed> pressedOn = parsed.flatMap(pressed::find);
        // The ledger names the chat with its topic ("<chat>:<topic>"): a press counts in the chat the picture is in.
        if (pressedOn.isEmpty() || Where.ofLedger(pressedOn.get().delivery().chatId()).chatId() != b.chatId()) {
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
            case REGENERATE -> new Inbound(PLATFORM, b.conversationKey(), b.userId(), b.userName(),
                    "cb:" + b.callbackId(), null, userText(job), pressed.upload(job.sourceImageId(), "image"), null,
                    Inbound.Options.NONE, job.task().wireName(),
                    job.direction() == null ? null : job.direction().wireName(),
                    job.amount() > 0 ? job.amount() : null);
            default -> new Inbound(PLATFORM, b.conversationKey(), b.userId(), b.userName(),
                    "cb:" + b.callbackId(), null, "", pressed.picture(job, press.image(), "image"), null, Inbound.Options.NONE,
                    press.action().task, press.action().direction, null);
        };
        // Recorded before the status message goes out, so a quick second press already sees it.
        start(b.where(), 0, inbound, jobId -> ledger.recordAction(press.key(), press.action().code, jobId));
    }

    /**
     * Accepts the turn, shows the status message and records the job for delivery. Nothing
     * happens for a re-delivery of a turn already accepted (it has its reply on the way). In a
     * group the status message replies to the person's message, so they see which is theirs. In a
     * forum topic everything goes to that topic, the result too (the ledger keeps the topic).
     */
    private void start(Where where, int replyTo, Inbound inbound, java.util.function.Consumer<UUID> onAccepted) {
        long chatId = where.chatId();
        Accepted accepted;
        try {
            accepted = orchestrator.accept(inbound);
        } catch (RejectedTurnException e) {
            if (e.reason() == RejectedTurnException.Reason.RATE_LIMITED
                    && !rateLimitNotices.firstIn(chatId + ":" + inbound.platformUserId(), e.retryAfter())) {
                // Told once for this wait already: a flood is refused without a Bot API call per
                // message, so it drains at once instead of holding up the chat's lane.
                LOG.debug("Telegram chat {}: still rate limited; refused quietly", chatId);
                return;
            }
            say(where, e.getMessage());
            return;
        }
        if (accepted.duplicate()) {
            LOG.debug("Telegram chat {}: {} was already accepted as job {}", chatId, inbound.messageId(), accepted.jobId());
            // Normally a no-op; after a crash between accepting and recording, the job is owed a reply.
            ledger.track(accepted.jobId(), PLATFORM, where.ledgerKey());
            if (jobs.find(accepted.jobId()).map(j -> j.status().finished()).orElse(false)) {
                delivery.deliverSoon(accepted.jobId());
            }
            return;
        }
        UUID jobId = accepted.jobId();
        onAccepted.accept(jobId);
        DeliveryLedger.Delivery tracked = ledger.track(jobId, PLATFORM, where.ledgerKey());
        delivery.watch(jobId, where, replyTo);
        try {
            SendMessage.SendMessageBuilder<?, ?> message = SendMessage.builder().chatId(chatId)
                    .messageThreadId(where.threadId()).text(StatusWords.queued(jobs.position(jobId)));
            if (replyTo != 0) message.replyToMessageId(replyTo).allowSendingWithoutReply(true);
            Message status = api.call(message.build());
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

    private void say(Incoming.Said s, String text) {
        say(s.where(), text);
    }

    private void say(Where where, String text) {
        try {
            api.call(SendMessage.builder().chatId(where.chatId()).messageThreadId(where.threadId())
                    .text(StatusWords.fit(text, StatusText.MESSAGE_LIMIT)).build());
        } catch (RuntimeException e) {
            LOG.warn("Telegram chat {}: cannot send a message", where, e);
        }
    }

    /**
     * Telegram re-sends an update with the same message: its chat and message id name it. An
     * album is named by its media group, so a photo of it sent again later is not a second turn.
     */
    private static String messageKey(Incoming.Said s) {
        if (s.mediaGroupId() != null && s.hasPhoto()) return "album:" + s.chatId() + ":" + s.mediaGroupId();
        return "msg:" + s.chatId() + ":" + s.messageId();
    }
}
