package dev.atelier.discord;

import dev.atelier.core.conversation.ConversationStore;
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
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.JDABuilder;
import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.events.session.ReadyEvent;
import net.dv8tion.jda.api.requests.GatewayIntent;
import net.dv8tion.jda.api.requests.RestConfig;
import net.dv8tion.jda.api.utils.Compression;
import net.dv8tion.jda.api.utils.ConcurrentSessionController;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Atelier as a Discord bot over the gateway (JDA). Starts after the application is up, in the
 * {@code bot} and {@code all} roles, when {@code DISCORD_TOKEN} is set. JDA logs in and
 * reconnects in the background, so Discord being unreachable never stops Atelier starting.
 */
@Singleton
@Requires(property = "atelier.discord.token", pattern = ".+")
@Requires(property = "atelier.role", notEquals = "worker")
public class DiscordBot {

    private static final Logger LOG = LoggerFactory.getLogger(DiscordBot.class);
    /** Message content is privileged, but without it a DM or a mention arrives without its text. */
    private static final EnumSet<GatewayIntent> INTENTS = EnumSet.of(GatewayIntent.GUILD_MESSAGES,
            GatewayIntent.DIRECT_MESSAGES, GatewayIntent.MESSAGE_CONTENT);

    private final DiscordConfig config;
    private final TurnOrchestrator orchestrator;
    private final JobStore jobs;
    private final ConversationStore conversations;
    private final ImageStore images;
    private final DeliveryLedger ledger;
    private final JobEvents events;
    private final ScheduledExecutorService background = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "discord-background");
        t.setDaemon(true);
        return t;
    });
    private JDA jda;
    private DiscordTurns turns;
    private ResultDelivery delivery;
    private DiscordRouter router;

    public DiscordBot(DiscordConfig config, TurnOrchestrator orchestrator, JobStore jobs,
                      ConversationStore conversations, ImageStore images, DeliveryLedger ledger, JobEvents events) {
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
        delivery = new ResultDelivery(jobs, images, ledger, config.progressInterval());
        turns = new DiscordTurns(orchestrator, jobs, ledger, delivery);
        ButtonPresses buttons = new ButtonPresses(turns, jobs, conversations, images, ledger);
        delivery.onDelivered(buttons::finished);
        router = new DiscordRouter(List.of(new ImagineCommand(turns)), buttons, new MessageTurns(turns), this::register);
        events.subscribe(delivery);
        JDABuilder builder = JDABuilder.createLight(config.token(), INTENTS)
                .setRestConfig(new RestConfig().setBaseUrl(config.restBase()))
                // Text frames only: no zlib stream to inflate (and a fake gateway need not deflate).
                .setCompression(Compression.NONE)
                .addEventListeners(router);
        if (config.hasGateway()) builder.setSessionController(new FixedGateway(config.gatewayUrl()));
        try {
            jda = builder.build();
        } catch (RuntimeException e) {
            // A malformed token: nothing to retry, but the rest of Atelier runs on.
            LOG.error("Discord bot could not start: {}", e.getMessage());
            return;
        }
        background.scheduleWithFixedDelay(delivery::sweep, config.sweepInterval().toMillis(),
                config.sweepInterval().toMillis(), TimeUnit.MILLISECONDS);
    }

    /** On READY: the commands, in the configured guild (shown at once) or globally. */
    private void register(ReadyEvent event) {
        var definitions = router.commands().stream().map(DiscordCommand::definition).toList();
        Guild guild = config.hasGuild() ? event.getJDA().getGuildById(config.guildId()) : null;
        if (config.hasGuild() && guild == null) LOG.warn("Discord guild {} is not one of the bot's; commands go global", config.guildId());
        var update = guild != null ? guild.updateCommands() : event.getJDA().updateCommands();
        update.addCommands(definitions).queue(
                done -> LOG.info("Discord bot ready as {}; {} command(s) registered {}", event.getJDA().getSelfUser().getName(),
                        done.size(), guild != null ? "in guild " + guild.getId() : "globally"),
                e -> LOG.warn("registering the Discord commands failed: {}", e.getMessage()));
    }

    @PreDestroy
    synchronized void stop() {
        background.shutdownNow();
        if (jda != null) jda.shutdownNow();
        if (turns != null) turns.close();
        if (delivery != null) delivery.close();
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
