package dev.atelier.core.task;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A user's message cut into clauses of lower-case words, with the politeness and connectives
 * that open a clause ("please", "ok now", "can you") taken off, so that the router can ask
 * "does a clause start with this verb?" instead of matching raw text.
 *
 * <p>Clause starts matter because the same verb means different things in different places:
 * "make it night" is an edit, "a cat making bread" is a new picture; "remove the tree" is an
 * edit, "a robot that can remove snow" is not.
 */
final class Phrasing {

    /** Openers dropped from the front of a clause, longest first where they share a prefix. */
    private static final List<String> OPENERS = List.of(
            "i want you to", "i would like you to", "id like you to", "i need you to",
            "can you please", "could you please", "would you please", "will you please",
            "can you", "could you", "would you", "will you", "can u", "could u", "pls", "please",
            "ok so", "okay so", "ok", "okay", "now", "and then", "and", "also", "then", "so", "hey", "hi",
            "just", "actually", "hmm", "great", "nice", "cool", "perfect", "awesome", "wow", "thanks",
            "thank you", "love it", "yes", "yeah", "good", "lets", "let us", "try to", "maybe", "kindly");

    private final String text;
    private final List<List<String>> clauses;

    private Phrasing(String text, List<List<String>> clauses) {
        this.text = text;
        this.clauses = clauses;
    }

    static Phrasing of(String raw) {
        String normal = normalise(raw == null ? "" : raw);
        List<List<String>> clauses = new ArrayList<>();
        for (String clause : normal.split("\\|")) {
            List<String> words = new ArrayList<>(List.of(clause.strip().split(" +")));
            words.removeIf(String::isEmpty);
            stripOpeners(words);
            if (!words.isEmpty()) clauses.add(List.copyOf(words));
        }
        StringBuilder joined = new StringBuilder(" ");
        for (List<String> c : clauses) joined.append(String.join(" ", c)).append(" | ");
        return new Phrasing(joined.toString(), List.copyOf(clauses));
    }

    /** The clauses, openers removed, in order. */
    List<List<String>> clauses() {
        return clauses;
    }

    /** Whether the words of {@code phrase} occur together anywhere, as whole words. */
    boolean has(String phrase) {
        return text.contains(" " + phrase + " ");
    }

    boolean hasAny(List<String> phrases) {
        for (String p : phrases) if (has(p)) return true;
        return false;
    }

    boolean isEmpty() {
        return clauses.isEmpty();
    }

    /** Whether the clause starts with {@code first} followed by one of {@code seconds}. */
    static boolean startsWith(List<String> clause, String first, List<String> seconds) {
        return clause.size() >= 2 && clause.getFirst().equals(first) && seconds.contains(clause.get(1));
    }

    /**
     * Lower-cases, folds apostrophes into the word ("it's" → "its", so contractions match one
     * way), keeps letters, digits, '%' and decimal points, and turns sentence punctuation and
     * line breaks into the clause mark '|'. Everything else becomes a space.
     */
    private static String normalise(String raw) {
        String s = raw.toLowerCase(Locale.ROOT);
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isLetterOrDigit(c) || c == '%') {
                out.append(c);
            } else if (c == '\'' || c == '\u2019' || c == '\u2018') {
                // dropped: "what's" becomes "whats"
            } else if (c == '.' && i > 0 && i + 1 < s.length()
                    && Character.isDigit(s.charAt(i - 1)) && Character.isDigit(s.charAt(i + 1))) {
                out.append(c);
            } else if (c == '.' || c == ',' || c == ';' || c == '!' || c == '?' || c == ':' || c == '\n'
                    || c == '\u2014' || c == '(' || c == ')') {
                out.append('|');
            } else {
                out.append(' ');
            }
        }
        return out.toString();
    }

    private static void stripOpeners(List<String> words) {
        boolean stripped = true;
        while (stripped && !words.isEmpty()) {
            stripped = false;
            for (String opener : OPENERS) {
                String[] parts = opener.split(" ");
                if (parts.length < words.size() && startsWithAll(words, parts)) {
                    words.subList(0, parts.length).clear();
                    stripped = true;
                    break;
                }
            }
        }
    }

    private static boolean startsWithAll(List<String> words, String[] parts) {
        for (int i = 0; i < parts.length; i++) if (!words.get(i).equals(parts[i])) return false;
        return true;
    }
}
