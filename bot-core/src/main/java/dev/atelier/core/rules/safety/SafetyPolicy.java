package dev.atelier.core.rules.safety;

/**
 * When a safety score counts as unsafe, and what then happens.
 *
 * @param threshold a score at or over it is unsafe; in (0, 1]
 * @param action    what happens to an unsafe image
 */
public record SafetyPolicy(double threshold, SafetyAction action) {

    public SafetyPolicy {
        // 0 would call every image unsafe; a typo like 50 (for 0.5) would call none.
        if (!(threshold > 0 && threshold <= 1)) {
            throw new IllegalArgumentException("the safety threshold is a probability in (0, 1]; got " + threshold);
        }
        if (action == null) throw new IllegalArgumentException("a safety action is required");
    }

    public boolean unsafe(double score) {
        return score >= threshold;
    }
}
