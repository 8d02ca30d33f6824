package dev.atelier.core.rules;

import dev.atelier.core.rules.moderation.PromptMatcher;
import dev.atelier.core.turn.Inbound;
import dev.atelier.core.turn.RejectedTurnException;
import dev.atelier.core.turn.RejectedTurnException.Reason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The rules a turn goes through, whatever platform it came from: bans, rate limits, the daily
 * image quota and moderation. {@link dev.atelier.core.turn.TurnOrchestrator} calls each as one
 * step; a refusal is a {@link RejectedTurnException} whose message the adapter shows as it is.
 */
public final class TurnRules {

    private static final Logger LOG = LoggerFactory.getLogger(TurnRules.class);

    private final java.util.function.Supplier<Limits> defaults;
    private final Bans bans;
    private final UserLimits overrides;
    private final RateLimiter rateLimiter;
    private final QuotaLedger quotas;
    private final ModerationRules moderation;
    private final Clock clock;

    public TurnRules(Limits defaults, Bans bans, UserLimits overrides, RateLimiter rateLimiter, QuotaLedger quotas,
                     ModerationRules moderation, Clock clock) {
        this(() -> defaults, bans, overrides, rateLimiter, quotas, moderation, clock);
    }

    /** @param defaults read at each turn, so defaults changed in the admin console apply without a restart */
    public TurnRules(java.util.function.Supplier<Limits> defaults, Bans bans, UserLimits overrides, RateLimiter rateLimiter,
                     QuotaLedger quotas, ModerationRules moderation, Clock clock) {
        this.defaults = defaults;
        this.bans = bans;
        this.overrides = overrides;
        this.rateLimiter = rateLimiter;
        this.quotas = quotas;
        this.moderation = moderation;
        this.clock = clock;
    }

    /** A banned identity gets one short message; nothing is looked up or created for it beyond the ban. */
    public void refuseBanned(Inbound inbound) {
        if (bans.find(inbound.platform(), inbound.platformUserId()).isPresent()) {
            LOG.info("refused a message from banned {}/{}", inbound.platform(), inbound.platformUserId());
            throw new RejectedTurnException(Reason.BANNED, "You are banned from this bot.");
        }
    }

    /** The user's limits: the defaults with their overrides. */
    public Limits limitsOf(UUID userId) {
        return defaults.get().with(overrides.find(userId).orElse(null));
    }

    /** One token from the user's bucket and one from the chat's; refuses with the wait when either is empty. */
    public void takeRateLimit(Inbound inbound, UUID userId, Limits limits) {
        // The limits are part of the bucket's name, so a changed override starts a bucket of its own
        // shape at once instead of a bucket configured for the old one.
        if (limits.perMinute() > 0 && limits.burst() > 0) {
            rateLimiter.tryTake("user:" + userId + ":" + limits.perMinute() + "/" + limits.burst(),
                    limits.perMinute(), limits.burst()).ifPresent(wait -> {
                throw limited("You are sending messages too fast.", wait);
            });
        }
        if (limits.chatPerMinute() > 0 && limits.chatBurst() > 0) {
            rateLimiter.tryTake("chat:" + inbound.platform() + ":" + inbound.chatId() + ":" + limits.chatPerMinute()
                    + "/" + limits.chatBurst(), limits.chatPerMinute(), limits.chatBurst()).ifPresent(wait -> {
                throw limited("This chat is sending messages too fast.", wait);
            });
        }
    }

    /** Refuses a text a moderation rule stops, with the rule's reason, and puts it in the review queue. */
    public void screenText(Inbound inbound, String text) {
        Optional<PromptMatcher.Verdict> verdict = PromptMatcher.of(moderation.all()).check(text);
        if (verdict.isEmpty()) return;
        moderation.review(new ModerationRules.Blocked("user_text", inbound.platform(), inbound.platformUserId(),
                inbound.conversationId(), null, text, verdict.get().rule() == null ? 0 : verdict.get().rule().id(),
                verdict.get().reason()));
        throw new RejectedTurnException(Reason.BLOCKED, verdict.get().reason());
    }

    /** Reserves the job's image against the user's day; refuses when the day's images are used up. */
    public void reserveImage(UUID userId, UUID jobId, Limits limits) {
        reserveImages(userId, jobId, limits, 1);
    }

    /**
     * Reserves the job's {@code images} (a batch of variations) against the user's day, all or
     * none; refuses when fewer are left.
     */
    public void reserveImages(UUID userId, UUID jobId, Limits limits, int images) {
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        if (!quotas.reserve(userId, jobId, today, images, limits.imagesPerDay())) {
            Duration untilTomorrow = Duration.between(clock.instant(),
                    today.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
            int left = Math.max(0, limits.imagesPerDay() - quotas.taken(userId, today));
            String message = images > 1 && left > 0
                    ? "This asks for " + images + " images, and " + left + " of your " + limits.imagesPerDay()
                            + " for today are left; ask for fewer, or wait for 00:00 UTC (in " + human(untilTomorrow) + ")."
                    : "You have used your " + limits.imagesPerDay() + " images for today; more from 00:00 UTC (in "
                            + human(untilTomorrow) + ").";
            throw new RejectedTurnException(Reason.QUOTA_EXCEEDED, message, untilTomorrow);
        }
    }

    /**
     * Reserves a failed job's images again for its retry (all of a batch's, as at accept), after
     * the checks a new message would pass: a banned user (directly or through any of their
     * identities) and a user whose generation time for the day is used up are refused, as is a
     * day without room for the job's images.
     */
    public void reserveAgain(UUID userId, UUID jobId) {
        if (bans.bannedUser(userId)) {
            throw new RejectedTurnException(Reason.BANNED, "The user who asked for this job is banned; the job was not retried.");
        }
        Limits limits = limitsOf(userId);
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        if (limits.gpuSecondsPerDay() > 0 && quotas.gpuMillisUsed(userId, today) >= limits.gpuSecondsPerDay() * 1000L) {
            throw new RejectedTurnException(Reason.QUOTA_EXCEEDED, "The user has used their " + limits.gpuSecondsPerDay()
                    + " seconds of generation time for today; the job was not retried.");
        }
        if (!quotas.reserveAgain(jobId, today, limits.imagesPerDay())) {
            throw new RejectedTurnException(Reason.QUOTA_EXCEEDED, "The user's " + limits.imagesPerDay()
                    + " images for today have no room for this job's images; the job was not retried.");
        }
    }

    /**
     * Refuses a user whose jobs have used their generation time for the day. Nothing is reserved:
     * how long a job will run is not known until it ends, so the last job of a day may end a
     * little past the limit, and the next message is refused.
     */
    public void requireGpuTime(UUID userId, Limits limits) {
        if (limits.gpuSecondsPerDay() <= 0) return;
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        if (quotas.gpuMillisUsed(userId, today) >= limits.gpuSecondsPerDay() * 1000L) {
            Duration untilTomorrow = Duration.between(clock.instant(),
                    today.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
            int seconds = limits.gpuSecondsPerDay();
            throw new RejectedTurnException(Reason.QUOTA_EXCEEDED, "You have used your " + seconds
                    + (seconds == 1 ? " second" : " seconds") + " of generation time for today; more from 00:00 UTC (in "
                    + human(untilTomorrow) + ").",
                    untilTomorrow);
        }
    }

    /** The job ended with these images: they count against the day its reservation was made. */
    public void countImages(UUID jobId, int images) {
        quotas.settle(jobId, images);
    }

    /** The job ended with these images and this generation time, both counted against the day it was accepted. */
    public void countImages(UUID jobId, int images, long gpuMillis) {
        quotas.settle(jobId, images, gpuMillis);
    }

    /** The job failed, or its turn was never stored: its image goes back to the user. */
    public void releaseImage(UUID jobId) {
        quotas.release(jobId);
    }

    /**
     * Checks the model's generation prompts before anything is generated. A stopped prompt goes
     * to the review queue; the answer is the message the job fails with, safe to show the user.
     */
    public Optional<String> screenPrompts(UUID conversationId, UUID jobId, List<String> prompts) {
        PromptMatcher matcher = PromptMatcher.of(moderation.all());
        if (matcher.isEmpty()) return Optional.empty();
        for (String prompt : prompts) {
            Optional<PromptMatcher.Verdict> verdict = matcher.check(prompt);
            if (verdict.isPresent()) {
                moderation.review(new ModerationRules.Blocked("generation_prompt", null, null, conversationId, jobId,
                        prompt, verdict.get().rule() == null ? 0 : verdict.get().rule().id(), verdict.get().reason()));
                LOG.info("job {}: a generation prompt was stopped by moderation rule {}", jobId,
                        verdict.get().rule() == null ? "-" : verdict.get().rule().id());
                return Optional.of("This image was not made: its prompt broke a moderation rule ("
                        + verdict.get().reason() + ").");
            }
        }
        return Optional.empty();
    }

    private static RejectedTurnException limited(String what, Duration wait) {
        // Whole seconds, rounded up: coming back at the time said must work.
        Duration rounded = Duration.ofSeconds(Math.max(1, (wait.toMillis() + 999) / 1000));
        return new RejectedTurnException(Reason.RATE_LIMITED, what + " Try again in " + human(rounded) + ".", rounded);
    }

    static String human(Duration d) {
        long s = Math.max(1, d.toSeconds());
        if (s < 60) return s + (s == 1 ? " second" : " seconds");
        if (s < 3600) return ((s + 59) / 60) + " min";
        return (s / 3600) + " h " + ((s % 3600) / 60) + " min";
    }
}
