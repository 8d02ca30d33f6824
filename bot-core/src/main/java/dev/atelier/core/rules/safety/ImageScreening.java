package dev.atelier.core.rules.safety;

import dev.atelier.core.image.GeneratedImage;
import dev.atelier.core.image.ImageStore;
import dev.atelier.core.rules.ModerationRules;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * The safety check every generated image passes before it is stored for delivery: the
 * classifier ({@link ImageSafety}) scores it, and a score at or over the threshold gets the
 * configured {@link SafetyAction}. Whatever the action, the image as generated is kept
 * ({@link ImageStore.Kind#WITHHELD}, not served by the API) and put in the review queue with its
 * score, which also writes the audit entry (actor {@code system}).
 */
public final class ImageScreening {

    private static final Logger LOG = LoggerFactory.getLogger(ImageScreening.class);

    /** What a user whose image was blocked is told: the job's error. */
    public static final String BLOCKED_MESSAGE =
            "This image was not delivered: an automatic safety check found it unsuitable.";

    private static final ImageScreening NONE = new ImageScreening(null, null, null, null);

    private final ImageSafety safety;
    private final SafetyPolicy policy;
    private final ImageStore images;
    private final ModerationRules moderation;

    public ImageScreening(ImageSafety safety, SafetyPolicy policy, ImageStore images, ModerationRules moderation) {
        this.safety = safety;
        this.policy = policy;
        this.images = images;
        this.moderation = moderation;
    }

    /** No classifier: every image is delivered as it is. */
    public static ImageScreening none() {
        return NONE;
    }

    public boolean enabled() {
        return safety != null;
    }

    /**
     * Whether an image may be kept from the person (blurred or blocked). Then the picture must
     * not reach them before the check either, so the worker makes no previews.
     */
    public boolean withholds() {
        return safety != null && policy.action() != SafetyAction.FLAG;
    }

    /**
     * The image to deliver for {@code image}: itself, a blurred copy, or nothing when it is
     * blocked (the job then fails with {@link #BLOCKED_MESSAGE}).
     *
     * @param prompt the generation prompt that made it, shown to the moderator
     */
    public Optional<GeneratedImage> screen(UUID conversationId, UUID jobId, String prompt, GeneratedImage image) {
        if (safety == null) return Optional.of(image);
        double score = safety.score(image);
        // A broken classifier fails the job rather than wave every image through.
        if (Double.isNaN(score)) throw new IllegalStateException("the safety classifier gave no score (NaN)");
        if (!policy.unsafe(score)) return Optional.of(image);

        SafetyAction action = policy.action();
        UUID original = images.save(image.png(), "image/png", image.width(), image.height(),
                ImageStore.Kind.WITHHELD, conversationId, jobId).id();
        String reason = String.format(Locale.ROOT, "image safety score %.3f is at or over %.3f (%s)", score,
                policy.threshold(), action.wireName());
        moderation.review(new ModerationRules.Blocked("image_safety", null, null, conversationId, jobId,
                prompt == null ? "" : prompt, 0, reason, score, original, action.wireName()));
        LOG.info("job {}: {}; the image as generated is kept for review as {}", jobId, reason, original);
        return switch (action) {
            case BLOCK -> Optional.empty();
            case BLUR -> Optional.of(SafetyBlur.blur(image));
            case FLAG -> Optional.of(image);
        };
    }
}
