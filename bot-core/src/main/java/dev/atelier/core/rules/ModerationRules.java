package dev.atelier.core.rules;

import dev.atelier.core.rules.moderation.PromptRule;

import java.util.List;
import java.util.UUID;

/**
 * Port: the moderation rules and the review queue of what they stopped. {@link #add} refuses a
 * rule that {@link dev.atelier.core.rules.moderation.PromptMatcher#validate} refuses; adding and
 * removing write audit entries ({@code moderation.add}, {@code moderation.remove}).
 */
public interface ModerationRules {

    List<PromptRule> all();

    /** @throws dev.atelier.core.rules.moderation.PromptMatcher.InvalidRuleException for a bad rule */
    PromptRule add(String actor, PromptRule.Kind kind, String pattern, String reason);

    boolean remove(String actor, long ruleId);

    /** Puts something a rule stopped in front of a moderator. */
    void review(Blocked blocked);

    /**
     * Puts something in front of a moderator. An {@code image_safety} item also writes its audit
     * entry ({@code safety.block}, {@code safety.blur} or {@code safety.flag}, actor
     * {@code system}) in the same transaction.
     *
     * @param stage          {@code user_text} (refused at accept), {@code generation_prompt} (failed its
     *                       job) or {@code image_safety} (a generated image the safety classifier scored unsafe)
     * @param ruleId         the rule that stopped it; 0 when the check ran out of time, or for an image
     * @param score          the safety classifier's score, for an image; null otherwise
     * @param imageId        the image as generated (kept for review), for an image; null otherwise
     * @param action         what was done with the image ({@code blur}, {@code block}, {@code flag}); null otherwise
     */
    record Blocked(String stage, String platform, String platformUserId, UUID conversationId, UUID jobId,
                   String text, long ruleId, String reason, Double score, UUID imageId, String action) {

        /** A text that a rule stopped. */
        public Blocked(String stage, String platform, String platformUserId, UUID conversationId, UUID jobId,
                       String text, long ruleId, String reason) {
            this(stage, platform, platformUserId, conversationId, jobId, text, ruleId, reason, null, null, null);
        }
    }
}
