package dev.atelier.app.wiring;

import dev.atelier.app.config.AtelierConfig;
import dev.atelier.app.config.GenerationConfig;
import dev.atelier.app.config.LimitsConfig;
import dev.atelier.app.config.MllmConfig;
import dev.atelier.app.config.SafetyConfig;
import dev.atelier.app.config.WorkerConfig;
import dev.atelier.app.queue.RedisDeduplicator;
import dev.atelier.app.queue.RedisJobEvents;
import dev.atelier.app.queue.RedisJobQueue;
import dev.atelier.app.store.FileImageStore;
import dev.atelier.app.store.JdbcAuditLog;
import dev.atelier.app.store.JdbcBans;
import dev.atelier.app.store.JdbcConversationStore;
import dev.atelier.app.store.JdbcJobStore;
import dev.atelier.app.store.JdbcModerationRules;
import dev.atelier.app.store.JdbcQuotaLedger;
import dev.atelier.app.store.JdbcUserDirectory;
import dev.atelier.app.store.JdbcUserDefaults;
import dev.atelier.app.store.JdbcUserLimits;
import dev.atelier.app.store.RedisRateLimiter;
import dev.atelier.core.conversation.ConversationStore;
import dev.atelier.core.conversation.UserDirectory;
import dev.atelier.core.dedup.Deduplicator;
import dev.atelier.core.image.ImageGenerator;
import dev.atelier.core.image.ImageStore;
import dev.atelier.core.image.ModelCatalog;
import dev.atelier.admin.settings.ConsoleSettings;
import dev.atelier.core.job.JobControl;
import dev.atelier.core.job.JobEvents;
import dev.atelier.core.job.JobPreviews;
import dev.atelier.core.job.JobQueue;
import dev.atelier.core.job.JobStore;
import dev.atelier.core.prompt.OfflinePromptRefiner;
import dev.atelier.core.prompt.PromptModel;
import dev.atelier.core.rules.AuditLog;
import dev.atelier.core.rules.Bans;
import dev.atelier.core.rules.Limits;
import dev.atelier.core.rules.ModerationRules;
import dev.atelier.core.rules.QuotaLedger;
import dev.atelier.core.rules.RateLimiter;
import dev.atelier.core.rules.TurnRules;
import dev.atelier.core.rules.UserLimits;
import dev.atelier.core.rules.safety.ImageScreening;
import dev.atelier.core.rules.safety.SafetyAction;
import dev.atelier.core.rules.safety.SafetyPolicy;
import dev.atelier.core.settings.UserDefaultsStore;
import dev.atelier.core.settings.UserSettings;
import dev.atelier.core.task.TaskRouter;
import dev.atelier.core.turn.TurnLimits;
import dev.atelier.core.turn.TurnOrchestrator;
import dev.atelier.core.turn.TurnRequest;
import dev.atelier.inference.OnnxImageGenerator;
import dev.atelier.inference.model.DeviceChoice;
import dev.atelier.inference.store.InstalledModels;
import dev.atelier.inference.scheduler.SchedulerKind;
import dev.atelier.inference.mllm.MllmSettings;
import dev.atelier.inference.mllm.OpenAiChatPromptModel;
import dev.atelier.inference.tiny.TinyModelGenerator;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/** bot-core's ports, bound to PostgreSQL, Redis, the image store and the models. */
@Factory
public class CoreFactory {

    private static final Logger LOG = LoggerFactory.getLogger(CoreFactory.class);

    @Singleton
    ConversationStore conversationStore(DataSource dataSource) {
        return new JdbcConversationStore(dataSource);
    }

    @Singleton
    UserDirectory userDirectory(DataSource dataSource) {
        return new JdbcUserDirectory(dataSource);
    }

    @Singleton
    JobStore jobStore(DataSource dataSource, WorkerConfig worker) {
        return new JdbcJobStore(dataSource, worker.lease());
    }

    @Singleton
    ImageStore imageStore(DataSource dataSource, AtelierConfig config) {
        return new FileImageStore(dataSource, Path.of(config.data()).toAbsolutePath().resolve("images"));
    }

    @Singleton
    RedisJobQueue jobQueue(RedisClient client, StatefulRedisConnection<String, String> redis, WorkerConfig worker) {
        return new RedisJobQueue(client, redis, worker.name(), worker.concurrency(), worker.claimAfter());
    }

    @Singleton
    Deduplicator deduplicator(StatefulRedisConnection<String, String> redis) {
        return new RedisDeduplicator(redis);
    }

    @Singleton
    @Bean(preDestroy = "close")
    RedisJobEvents jobEvents(RedisClient client, StatefulRedisConnection<String, String> redis) {
        return new RedisJobEvents(client, redis);
    }

    @Singleton
    AuditLog auditLog(DataSource dataSource) {
        return new JdbcAuditLog(dataSource);
    }

    @Singleton
    Bans bans(DataSource dataSource) {
        return new JdbcBans(dataSource);
    }

    @Singleton
    UserLimits userLimits(DataSource dataSource) {
        return new JdbcUserLimits(dataSource);
    }

    @Singleton
    QuotaLedger quotaLedger(DataSource dataSource) {
        return new JdbcQuotaLedger(dataSource);
    }

    @Singleton
    ModerationRules moderationRules(DataSource dataSource) {
        return new JdbcModerationRules(dataSource);
    }

    /** Bucket4j stores its buckets as bytes: the limiter opens a connection of its own with byte-array values. */
    @Singleton
    @Bean(preDestroy = "close")
    RedisRateLimiter rateLimiter(RedisClient client) {
        return new RedisRateLimiter(client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE)));
    }

    /** The configured defaults and limits with the admin console's settings on top, read at every accept. */
    @Singleton
    ConsoleSettings consoleSettings(DataSource dataSource, AuditLog audit, TurnLimits configured, LimitsConfig l,
                                    ModelCatalog catalog) {
        return new ConsoleSettings(dataSource, audit, configured,
                new Limits(l.perMinute(), l.burst(), l.chatPerMinute(), l.chatBurst(), l.imagesPerDay(), l.gpuSecondsPerDay()),
                catalog, SchedulerKind.NAMES);
    }

    @Singleton
    TurnRules turnRules(ConsoleSettings settings, Bans bans, UserLimits overrides, RateLimiter rateLimiter, QuotaLedger quotas,
                        ModerationRules moderation) {
        return new TurnRules(settings::limits, bans, overrides, rateLimiter, quotas, moderation, Clock.systemUTC());
    }

    @Singleton
    JobControl jobControl(JobStore jobs, JobQueue queue, JobEvents events, QuotaLedger quotas, TurnRules rules, AuditLog audit) {
        return new JobControl(jobs, queue, events, quotas, rules, audit);
    }

    @Singleton
    PromptModel promptModel(MllmConfig mllm, JsonMapper json) {
        if (mllm.url() == null || mllm.url().isBlank()) {
            LOG.info("prompt model: the built-in offline refiner (set MLLM_URL to use a multimodal LLM server)");
            return new OfflinePromptRefiner();
        }
        LOG.info("prompt model: {} at {}", mllm.model(), mllm.url());
        return new OpenAiChatPromptModel(new MllmSettings(URI.create(mllm.url().strip()), mllm.model(),
                mllm.apiKey() == null || mllm.apiKey().isBlank() ? null : mllm.apiKey(), mllm.timeout(),
                mllm.maxRetries()), json);
    }

    /** The models installed under {@code <data>/models}, which a turn may name. */
    @Singleton
    ModelCatalog modelCatalog(AtelierConfig config) {
        return new InstalledModels(modelsRoot(config));
    }

    private static Path modelsRoot(AtelierConfig config) {
        return Path.of(config.data()).toAbsolutePath().resolve("models");
    }

    @Singleton
    @Bean(preDestroy = "close")
    OnnxImageGenerator imageGenerator(AtelierConfig config, WorkerConfig worker, ModelCatalog catalog) {
        Path models = modelsRoot(config);
        Path modelDir;
        if (config.modelDir() == null || config.modelDir().isBlank()) {
            modelDir = models.resolve("tiny-sd");
            TinyModelGenerator.writeIfMissing(modelDir);
        } else {
            modelDir = Path.of(config.modelDir()).toAbsolutePath();
        }
        Path inpaintModelDir = inpaintModelDir(config, modelDir, models, catalog);
        int threads = worker.threads() > 0 ? worker.threads() : Runtime.getRuntime().availableProcessors();
        Path restoration = config.restorationModel() == null || config.restorationModel().isBlank()
                ? null : Path.of(config.restorationModel()).toAbsolutePath();
        LOG.info("seam harmonisation: {}", restoration == null ? "built-in colour transfer and feathering"
                : "the restoration network in " + restoration);
        String scheduler = configuredScheduler(config);
        if (scheduler != null) LOG.info("scheduler: {} (unless the console's default or a message says otherwise)", scheduler);
        DeviceChoice device = DeviceChoice.resolve(config.device(), threads);
        LOG.info(device.reason());
        // The scheduler is each job's, chosen when it is accepted and stored with it
        // (TurnRequest.Defaults): a job that names none runs on its model's own.
        return new OnnxImageGenerator(new OnnxImageGenerator.Setup(modelDir, inpaintModelDir, models, restoration,
                device.options(), null, worker.maxLoadedModels()));
    }

    /** ATELIER_SCHEDULER's display name, or null for the model's own; an unknown name stops the start. */
    private static String configuredScheduler(AtelierConfig config) {
        if (config.scheduler() == null || config.scheduler().isBlank()) return null;
        return SchedulerKind.byName(config.scheduler()).map(SchedulerKind::displayName).orElseThrow(() -> new IllegalArgumentException(
                "ATELIER_SCHEDULER '" + config.scheduler() + "' is not one of: " + String.join(", ", SchedulerKind.NAMES.names())));
    }

    /**
     * The inpainting model for inpainting and outpainting when a job names none: INPAINT_MODEL_DIR;
     * else, beside the generated tiny model, the generated tiny inpainting one; else the one
     * inpainting model installed under the models folder; else none, and the text-to-image model
     * inpaints by latent blending.
     */
    private static Path inpaintModelDir(AtelierConfig config, Path modelDir, Path models, ModelCatalog catalog) {
        if (config.inpaintModelDir() != null && !config.inpaintModelDir().isBlank()) {
            return Path.of(config.inpaintModelDir()).toAbsolutePath();
        }
        if (TinyModelGenerator.isTiny(modelDir)) {
            Path tiny = models.resolve("tiny-sd-inpaint");
            TinyModelGenerator.writeInpaintIfMissing(tiny);
            return tiny;
        }
        List<ModelCatalog.InstalledModel> inpainting = catalog.installed().stream()
                .filter(m -> m.kind() == ModelCatalog.Kind.INPAINTING && !m.name().startsWith("tiny-")).toList();
        if (inpainting.size() == 1) {
            LOG.info("inpainting model: {}, the one installed in {}", inpainting.getFirst().name(), models);
            return models.resolve(inpainting.getFirst().name());
        }
        LOG.info("inpainting model: none {}; inpainting and outpainting use {} by latent blending (set INPAINT_MODEL_DIR"
                        + " to an SD 1.5 inpainting export for cleaner seams)",
                inpainting.isEmpty() ? "installed" : "chosen (" + inpainting.size() + " installed)", modelDir.getFileName());
        return null;
    }

    @Singleton
    @Bean(preDestroy = "close")
    SafetyModel safetyModel(AtelierConfig config, SafetyConfig safety, WorkerConfig worker) {
        return new SafetyModel(config, safety, worker);
    }

    /** The image-safety check after generation; lets every image through when there is no classifier. */
    @Singleton
    ImageScreening imageScreening(SafetyModel model, SafetyConfig safety, ImageStore images, ModerationRules moderation) {
        return model.safety().map(s -> new ImageScreening(s, new SafetyPolicy(safety.threshold(),
                SafetyAction.byName(safety.action())), images, moderation)).orElse(ImageScreening.none());
    }

    @Singleton
    TurnLimits turnLimits(GenerationConfig g) {
        return new TurnLimits(g.defaultWidth(), g.defaultHeight(), g.minSize(), g.maxSize(),
                g.defaultSteps(), g.maxSteps(), g.defaultGuidance(), g.maxGuidance(), g.defaultStrength(),
                g.maxTextLength(), g.maxUploadBytes(), g.maxUploadPixels());
    }

    @Singleton
    UserDefaultsStore userDefaultsStore(DataSource dataSource) {
        return new JdbcUserDefaults(dataSource);
    }

    @Singleton
    UserSettings userSettings(UserDefaultsStore store, UserDirectory users, TurnLimits limits) {
        return new UserSettings(store, users, limits);
    }

    @Singleton
    TurnOrchestrator orchestrator(ConsoleSettings settings, GenerationConfig g, ConversationStore conversations,
                                  UserDirectory users, ImageStore images, JobStore jobs, JobQueue queue,
                                  JobEvents events, Deduplicator dedup, PromptModel promptModel,
                                  ImageGenerator generator, TurnRules rules, ImageScreening screening,
                                  WorkerConfig worker, UserDefaultsStore userDefaults, ModelCatalog catalog,
                                  TurnLimits configuredLimits, AtelierConfig config) {
        TaskRouter router = new TaskRouter();
        String configuredScheduler = configuredScheduler(config);
        // An unknown ATELIER_DEFAULT_STYLE stops the start here, rather than refusing every message.
        new TurnRequest(configuredLimits, router, userDefaults, catalog, SchedulerKind.NAMES,
                new TurnRequest.Defaults(g.defaultStyle(), null, configuredScheduler));
        // A TurnRequest per distinct set of limits and defaults: rebuilt only when the console
        // changed them. The console's defaults win over ATELIER_DEFAULT_STYLE, MODEL_DIR and
        // ATELIER_SCHEDULER (its "model" scheduler is the model's own, whatever ATELIER_SCHEDULER says).
        record Basis(TurnLimits limits, TurnRequest.Defaults defaults) {
        }
        var current = new java.util.concurrent.atomic.AtomicReference<TurnRequest>();
        var built = new java.util.concurrent.atomic.AtomicReference<Basis>();
        java.util.function.Supplier<TurnRequest> requests = () -> {
            String style = settings.defaultStyle() != null ? settings.defaultStyle() : g.defaultStyle();
            String scheduler = settings.defaultScheduler() != null ? settings.defaultScheduler() : configuredScheduler;
            Basis basis = new Basis(settings.turnLimits(), new TurnRequest.Defaults(style, settings.defaultModel(), scheduler));
            if (!basis.equals(built.get())) {
                current.set(new TurnRequest(basis.limits(), router, userDefaults, catalog, SchedulerKind.NAMES, basis.defaults()));
                built.set(basis);
            }
            return current.get();
        };
        return new TurnOrchestrator(requests, conversations, users, images, jobs, queue, events, dedup, promptModel,
                generator, rules, screening, worker.name(), worker.lease(), g.previewEvery());
    }

    /** Eager, so that it hears previews from the start, before the first request asks for one. */
    @Context
    JobPreviews jobPreviews(JobEvents events) {
        return new JobPreviews(events);
    }
}
