package dev.atelier.discord;

import dev.atelier.core.conversation.ConversationStore;
import dev.atelier.core.conversation.UserDirectory;
import dev.atelier.core.delivery.DeliveryLedger;
import dev.atelier.core.image.ImageStore;
import dev.atelier.core.job.JobEvents;
import dev.atelier.core.job.JobStore;
import dev.atelier.core.prompt.PromptModel;
import dev.atelier.core.rules.TurnRules;
import dev.atelier.core.settings.UserSettings;
import dev.atelier.core.turn.TurnOrchestrator;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.events.session.ReadyEvent;
import net.dv8tion.jda.api.requests.GatewayIntent;
import net.dv8tion.jda.api.requests.RestConfig;
import net.dv8tion.jda.api.sharding.DefaultShardManagerBuilder;
import net.dv8tion.jda.api.sharding.ShardManager;
import net.dv8tion.jda.api.utils.Compression;
import net.dv8tion.jda.api.utils.ConcurrentSessionController;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Atelier as a Discord bot over the gateway (JDA's {@link ShardManager}: one shard by default,
 * {@code DISCORD_SHARDS} in all and {@code DISCORD_SHARD_RANGE} of them in this process for a big
 * bot). Starts after the application is up, in the {@code bot} and {@code all} roles, when
 * {@code DISCORD_TOKEN} is set. JDA logs in and reconnects in the background, so Discord being
 * unreachable never stops Atelier starting.
 */
@Singleton
@Requires(property = "atelier.discord.token", pattern = ".+")
@Requires(property = "atelier.role", notEquals = "worker")
public class DiscordBot {

    private static final Logger LOG = LoggerFactory.getLogger(DiscordBot.class);
    /** Message content is privileged, but without it a DM or a mention arrives without its text. */
    private static final EnumSet<GatewayIntent> INTENTS = EnumSet.of(GatewayIntent.GUILD_MESSAGES,
            GatewayIntent.DIRECT_MESSAGES, GatewayIntent.MESSAGE_CONTENT);
    /** A failed login (Discord unreachable when asked for the shard count) is tried again this often. */
    private static final long LOGIN_RETRY_SECONDS = 30;

    private final DiscordConfig config;
    private final TurnOrchestrator orchestrator;
    private final JobStore jobs;
    private final ConversationStore conversations;
    private final ImageStore images;
    private final DeliveryLedger ledger;
    private final JobEvents events;
    private final PromptModel promptModel;
    private final UserDirectory users;
    private final TurnRules rules;
    private final UserSettings settings;
    private final ScheduledExecutorService background = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "discord-background");
        t.setDaemon(true);
        return t;
    });
    private volatile ShardManager shards;
    private DiscordTurns turns;
    private ResultDelivery delivery;
    private volatile DiscordRouter router;
    private volatile boolean stopped;

    public DiscordBot(DiscordConfig config, TurnOrchestrator orchestrator, JobStore jobs,
                      ConversationStore conversations, ImageStore images, DeliveryLedger ledger, JobEvents events,
                      PromptModel promptModel, UserDirectory users, TurnRules rules, UserSettings settings) {
        this.settings = settings;
        this.config = config;
        this.orchestrator = orchestrator;
        this.jobs = jobs;
        this.conversations = conversations;
        this.images = images;
        this.ledger = ledger;
        this.events = events;
        this.promptModel = promptModel;
        this.users = users;
        this.rules = rules;
    }

    @EventListener
    synchronized void onStartup(StartupEvent event) {
        delivery = new ResultDelivery(jobs, images, ledger, config.progressInterval(), config.uploadLimitBytes());
        turns = new DiscordTurns(orchestrator, jobs, ledger, delivery);
        ButtonPresses buttons = new ButtonPresses(turns, jobs, conversations, images, ledger);
        delivery.onDelivered(buttons::finished);
        Attachments attachments = new Attachments();
        List<DiscordCommand> commands = new ArrayList<>();
        commands.add(new ImagineCommand(turns));
        commands.add(new SimilarCommand(turns, attachments));
        commands.add(new EditCommand(turns, attachments));
        commands.add(new InpaintCommand(turns, attachments));
        commands.add(new OutpaintCommand(turns, attachments));
        commands.add(new DescribeCommand(turns, attachments, promptModel, users, rules));
        commands.add(new ChatCommand(turns, attachments));
        commands.add(new SettingsCommand(turns, settings));
        commands.add(new ResetCommand(turns, conversations, users));
        commands.add(new HelpCommand(() -> router.commands()));
        router = new DiscordRouter(commands, buttons, new MessageTurns(turns, attachments, buttons), this::register,
                config.tokenLifetime());
        events.subscribe(delivery);
        background.execute(this::login);
        background.scheduleWithFixedDelay(delivery::sweep, config.sweepInterval().toMillis(),
                config.sweepInterval().toMillis(), TimeUnit.MILLISECONDS);
    }

    private void login() {
        DefaultShardManagerBuilder builder = DefaultShardManagerBuilder.createLight(config.token(), INTENTS)
                .setRestConfig(new RestConfig().setBaseUrl(config.restBase()))
                // Text frames only: no zlib stream to inflate (and a fake gateway need not deflate).
                .setCompression(Compression.NONE)
                .addEventListeners(router);
        if (config.shards() != null) builder.setShardsTotal(config.shards());
        if (config.hasShardRange()) builder.setShards(config.shardRangeBounds()[0], config.shardRangeBounds()[1]);
        if (config.hasGateway()) builder.setSessionController(new FixedGateway(config.gatewayUrl()));
        try {
            ShardManager built = builder.build();
            synchronized (this) {
                if (stopped) {
                    shutDown(built);
                    return;
                }
                shards = built;
            }
            delivery.restoreWith(d -> Replies.restore(d.statusMessageId(), d.chatId(), built, config.tokenLifetime()));
        } catch (IllegalArgumentException e) {
            // A malformed token or shard setting: nothing to retry, but the rest of Atelier runs on.
            LOG.error("Discord bot could not start: {}", e.getMessage());
        } catch (RuntimeException e) {
            if (stopped) return;
            LOG.warn("Discord login failed ({}); trying again in {} s", e.getMessage(), LOGIN_RETRY_SECONDS);
            background.schedule(this::login, LOGIN_RETRY_SECONDS, TimeUnit.SECONDS);
        }
    }

    /** The running shards, for the HTTP interactions; empty until logged in. */
    Optional<ShardManager> shards() {
        return Optional.ofNullable(shards).filter(s -> !s.getShards().isEmpty());
    }

    DiscordRouter router() {
        return router;
    }

    DiscordConfig config() {
        return config;
    }

    /**
     * On each shard's READY: the commands, in the configured guild (shown at once) from the shard
     * that has it, or globally from shard 0 (in whichever process runs it).
     */
    private void register(ReadyEvent event) {
        JDA jda = event.getJDA();
        int shard = jda.getShardInfo().getShardId();
        var definitions = router.commands().stream().map(DiscordCommand::definition).toList();
        Guild guild = config.hasGuild() ? jda.getGuildById(config.guildId()) : null;
        if (guild == null && shard != 0) return;
        if (config.hasGuild() && guild == null) {
            LOG.warn("Discord guild {} is not one of the bot's (on shard 0); commands go global", config.guildId());
        }
        var update = guild != null ? guild.updateCommands() : jda.updateCommands();
        update.addCommands(definitions).queue(
                done -> LOG.info("Discord bot ready as {} (shard {}); {} command(s) registered {}", jda.getSelfUser().getName(),
                        jda.getShardInfo().getShardString(), done.size(), guild != null ? "in guild " + guild.getId() : "globally"),
                e -> LOG.warn("registering the Discord commands failed: {}", e.getMessage()));
    }

    @PreDestroy
    synchronized void stop() {
        stopped = true;
        background.shutdownNow();
        if (shards != null) shutDown(shards);
        if (turns != null) turns.close();
        if (delivery != null) delivery.close();
    }

    /** Without waiting for queued REST calls: Atelier is stopping, the sweep posts what is left at the next start. */
    private static void shutDown(ShardManager shards) {
        shards.getShards().forEach(JDA::shutdownNow);
        shards.shutdown();
    }

    /** Connects to the configured gateway instead of asking Discord for one (a test fake, a proxy). */
    private static final class FixedGateway extends ConcurrentSessionController {
        private final String url;

        FixedGateway(String url) {
            this.url = url;
        }

        @Override
        public String getGateway() {
            return url;
        }
    }
}
