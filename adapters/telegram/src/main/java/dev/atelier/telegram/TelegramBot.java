package dev.atelier.telegram;

import dev.atelier.core.conversation.ConversationStore;
import dev.atelier.core.conversation.UserDirectory;
import dev.atelier.core.dedup.Deduplicator;
import dev.atelier.core.delivery.PostedPictures;
import dev.atelier.core.settings.UserSettings;
import dev.atelier.core.delivery.DeliveryLedger;
import dev.atelier.core.image.ImageStore;
import dev.atelier.core.job.JobEvents;
import dev.atelier.core.job.JobStore;
import dev.atelier.core.turn.TurnOrchestrator;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.longpolling.TelegramBotsLongPollingApplication;
import org.telegram.telegrambots.meta.api.methods.GetMe;
import org.telegram.telegrambots.meta.api.methods.commands.SetMyCommands;
import org.telegram.telegrambots.meta.api.methods.updates.SetWebhook;
import org.telegram.telegrambots.meta.api.objects.Update;
import org.telegram.telegrambots.meta.api.objects.User;
import org.telegram.telegrambots.meta.api.objects.commands.BotCommand;

import java.util.Map;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Atelier as a Telegram bot (private chats and groups). Starts after the application is up, in the
 * {@code bot} and {@code all} roles, when {@code TELEGRAM_TOKEN} is set. Updates come by long
 * polling or, with {@code TELEGRAM_MODE=webhook}, through {@link TelegramWebhook}; both hand them
 * to the same intake. Registration (the poller or setWebhook) runs in the background and is
 * retried, so Telegram being unreachable never stops Atelier starting.
 */
@Singleton
@Requires(property = "atelier.telegram.token", pattern = ".+")
@Requires(property = "atelier.role", notEquals = "worker")
public class TelegramBot {

    private static final Logger LOG = LoggerFactory.getLogger(TelegramBot.class);
    private static final int LANES = 4;
    private static final int UPDATES_PER_LANE = 256;

    private final TelegramConfig config;
    private final TurnOrchestrator orchestrator;
    private final JobStore jobs;
    private final ConversationStore conversations;
    private final ImageStore images;
    private final DeliveryLedger ledger;
    private final JobEvents events;
    private final Deduplicator dedup;
    private final PostedPictures posted;
    private final UserDirectory users;
    private final UserSettings userSettings;

    private final ScheduledExecutorService background = Executors.newScheduledThreadPool(1, r -> {
        Thread t = new Thread(r, "telegram-background");
        t.setDaemon(true);
        return t;
    });
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "telegram-poller");
        t.setDaemon(true);
        return t;
    });
    private BotApi api;
    private ChatLanes lanes;
    private ResultDelivery delivery;
    private TelegramBotsLongPollingApplication polling;
    private volatile UpdateIntake intake;
    private volatile UpdateIntake taking;
    private ChatTurns turns;

    public TelegramBot(TelegramConfig config, TurnOrchestrator orchestrator, JobStore jobs,
                       ConversationStore conversations, ImageStore images, DeliveryLedger ledger, JobEvents events,
                       Deduplicator dedup, PostedPictures posted, UserDirectory users, UserSettings userSettings) {
        this.userSettings = userSettings;
        this.dedup = dedup;
        this.posted = posted;
        this.users = users;
        this.config = config;
        this.orchestrator = orchestrator;
        this.jobs = jobs;
        this.conversations = conversations;
        this.images = images;
        this.ledger = ledger;
        this.events = events;
    }

    @EventListener
    synchronized void onStartup(StartupEvent event) {
        OkHttpClient http = new OkHttpClient.Builder()
                .readTimeout(60, TimeUnit.SECONDS)
                .writeTimeout(60, TimeUnit.SECONDS)
                .connectTimeout(20, TimeUnit.SECONDS)
                .build();
        // A client of its own for getUpdates: at shutdown the last long poll is left to end by
        // itself (a cancelled one makes TelegramBots log an error), while sends are cancelled.
        OkHttpClient pollHttp = http.newBuilder().dispatcher(new okhttp3.Dispatcher()).connectionPool(new okhttp3.ConnectionPool())
                // Longer than one long poll, or every quiet getUpdates would end in a timeout.
                .readTimeout(config.pollTimeout() + 20L, TimeUnit.SECONDS)
                .build();
        api = new BotApi(http, config.apiBase(), config.token());
        delivery = new ResultDelivery(jobs, images, ledger, api, config.progressInterval(), posted,
                config.chatActionInterval());
        turns = new ChatTurns(orchestrator, jobs, conversations, images, ledger, api, delivery, dedup, posted, users,
                userSettings);
        lanes = new ChatLanes(LANES, UPDATES_PER_LANE);
        events.subscribe(delivery);
        if (!config.webhook()) {
            polling = new TelegramBotsLongPollingApplication(com.fasterxml.jackson.databind.ObjectMapper::new,
                    () -> pollHttp, () -> poller);
        }
        background.execute(this::start);
        // Also right away: results finished while the bot was down are posted at start.
        background.scheduleWithFixedDelay(delivery::sweep, 0, config.sweepInterval().toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Asks Telegram who the bot is (a group tells it apart by its username), then starts taking
     * updates; retried every 10 s while Telegram cannot be reached.
     */
    private void start() {
        Incoming.Me me;
        try {
            User bot = api.call(new GetMe());
            me = new Incoming.Me(bot.getId(), bot.getUserName());
            LOG.info("Telegram bot @{} ({})", me.username(), me.id());
        } catch (RuntimeException e) {
            LOG.warn("Telegram bot could not ask who it is ({}); trying again in 10 s", e.getMessage());
            if (!background.isShutdown()) background.schedule(this::start, 10, TimeUnit.SECONDS);
            return;
        }
        UpdateIntake intake = new UpdateIntake(lanes, me, config.albumWindow(), turns::handle);
        taking = intake;
        if (config.webhook()) {
            this.intake = intake;
            registerWebhook();
        } else {
            register(intake);
        }
    }

    private void register(UpdateIntake intake) {
        try {
            polling.registerBot(config.token(), () -> BotApi.telegramUrl(config.apiBase()),
                    TolerantGetUpdates.generator(config.pollTimeout()), intake);
            LOG.info("Telegram bot polling {} (mode {})", config.apiBase(), config.mode());
            setCommands();
        } catch (Exception e) {
            LOG.warn("Telegram bot could not start polling ({}); trying again in 10 s", e.getMessage());
            try {
                polling.unregisterBot(config.token());
            } catch (Exception ignored) {
                // Not registered: nothing to undo.
            }
            if (!background.isShutdown()) background.schedule(() -> register(intake), 10, TimeUnit.SECONDS);
        }
    }

    /**
     * Tells Telegram where to post, with the secret it must send back and only the update kinds
     * the bot acts on. Until this succeeds Telegram posts nowhere (or to an old URL), so it is
     * retried like the poller's start.
     */
    private void registerWebhook() {
        try {
            api.setWebhook(SetWebhook.builder().url(config.webhookUrl().strip()).secretToken(config.webhookSecret())
                    .allowedUpdates(TolerantGetUpdates.ALLOWED).build());
            LOG.info("Telegram webhook set to {} (Bot API {})", config.webhookUrl().strip(), config.apiBase());
            setCommands();
        } catch (RuntimeException e) {
            LOG.warn("Telegram webhook could not be set ({}); trying again in 10 s", e.getMessage());
            if (!background.isShutdown()) background.schedule(this::registerWebhook, 10, TimeUnit.SECONDS);
        }
    }

    /**
     * The command menu in Telegram's clients: the default list, then one per language Telegram
     * shows instead to people whose app is in that language. A failure only leaves the menu out of date.
     */
    private void setCommands() {
        Commands.DESCRIPTIONS.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(language -> {
            SetMyCommands.SetMyCommandsBuilder<?, ?> menu = SetMyCommands.builder();
            if (!language.getKey().isEmpty()) menu.languageCode(language.getKey());
            language.getValue().forEach((command, description) ->
                    menu.command(BotCommand.builder().command(command).description(description).build()));
            api.quietly(menu.build());
        });
    }

    /**
     * An update posted to the webhook, handed to the same intake as the poller's (same lanes,
     * same de-duplication). False when the bot is not taking webhook updates (yet).
     */
    boolean take(Update update) {
        UpdateIntake in = intake;
        return in != null && in.offer(update);
    }

    @PreDestroy
    synchronized void stop() {
        intake = null;
        background.shutdownNow();
        if (polling != null) {
            try {
                polling.close();
            } catch (Exception e) {
                LOG.debug("closing the Telegram poller: {}", e.getMessage());
            }
        }
        // No interrupt: the poll in flight ends within the poll timeout on a daemon thread.
        poller.shutdown();
        UpdateIntake in = taking;
        if (in != null) in.close();
        if (lanes != null) lanes.close();
        if (delivery != null) delivery.close();
        if (api != null) api.close();
    }
}
