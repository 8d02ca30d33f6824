package dev.atelier.core.rules.moderation;

import java.time.Instant;

/**
 * One moderation rule as an admin wrote it: a word (or phrase) or a regular expression, and the
 * reason a refused user is shown.
 *
 * @param id        the store's id; 0 for a rule not stored yet
 * @param kind      how {@code pattern} is read
 * @param pattern   the word, phrase or regular expression
 * @param reason    shown to the user whose text or prompt it stops, so it is written for them
 * @param createdBy who added it (an admin name, or {@code config})
 */
public record PromptRule(long id, Kind kind, String pattern, String reason, String createdBy, Instant createdAt) {

    public enum Kind {
        /** A word or phrase, matched whole and case-insensitively ("gore" does not stop "gorest"). */
        WORD,
        /** A Java regular expression, case-insensitive, found anywhere in the text. */
        REGEX;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public static Kind byWireName(String name) {
            return valueOf(name.strip().toUpperCase(java.util.Locale.ROOT));
        }
    }
}
