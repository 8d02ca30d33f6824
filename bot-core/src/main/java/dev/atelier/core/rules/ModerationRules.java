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
     * @param stage          {@code user_text} (refused at accept) or {@code generation_prompt} (failed its job)
     * @param ruleId         the rule that stopped it; 0 when the check ran out of time
     */
    record Blocked(String stage, String platform, String platformUserId, UUID conversationId, UUID jobId,
                   String text, long ruleId, String reason) {
    }
}
