package dev.atelier.core.rules.moderation;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The moderation rules, compiled, checked against one text at a time (a user's message or a
 * generation prompt the model wrote). Built fresh from the store for each check, so a rule an
 * admin adds applies to the next message.
 *
 * <p>Regular expressions are the dangerous part: a badly written one backtracks for minutes.
 * Two guards: {@link #validate} refuses a pattern that runs long on texts built to trigger
 * backtracking before it is ever stored, and every check runs under a time budget. A check
 * that runs out of time refuses the text (fail closed) and logs the rule, since letting an
 * unchecked prompt through is the worse mistake for a moderation rule.
 */
public final class PromptMatcher {

    private static final Logger LOG = LoggerFactory.getLogger(PromptMatcher.class);

    /** Longer patterns are almost always pasted lists; those belong in several word rules. */
    public static final int MAX_PATTERN_LENGTH = 500;
    /**
     * Character reads per text checked, all rules together: a sane rule reads each character of
     * a few-thousand-character text a few times; this is hundreds of rules' worth, and well under
     * a second of matching.
     */
    private static final long CHECK_BUDGET = 50_000_000L;
    /**
     * Character reads per probe text when a regular expression is added: a linear pattern reads
     * a probe ({@value #PROBE_LENGTH} characters) a few times, a quadratic one up to about 12
     * million times; an exponential one never finishes within it.
     */
    private static final long PROBE_BUDGET = 20_000_000L;
    private static final int PROBE_LENGTH = 5_000;
    private static final int FLAGS = Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;

    /** Why a text was stopped: the rule (null when the check itself ran out of time) and the user-facing reason. */
    public record Verdict(PromptRule rule, String reason) {
    }

    /** A rule that cannot be stored: bad syntax, too long, matches everything, or backtracks without end. */
    public static final class InvalidRuleException extends IllegalArgumentException {
        public InvalidRuleException(String message) {
            super(message);
        }
    }

    private record Compiled(PromptRule rule, Pattern pattern) {
    }

    private final List<Compiled> compiled;

    private PromptMatcher(List<Compiled> compiled) {
        this.compiled = compiled;
    }

    /** Compiles stored rules; one that no longer compiles (stored by hand) is skipped and logged. */
    public static PromptMatcher of(List<PromptRule> rules) {
        List<Compiled> out = new ArrayList<>(rules.size());
        for (PromptRule rule : rules) {
            try {
                out.add(new Compiled(rule, compile(rule.kind(), rule.pattern())));
            } catch (PatternSyntaxException e) {
                LOG.warn("moderation rule {} does not compile and is skipped: {}", rule.id(), e.getDescription());
            }
        }
        return new PromptMatcher(out);
    }

    public boolean isEmpty() {
        return compiled.isEmpty();
    }

    /** The first rule the text breaks, if any. */
    public Optional<Verdict> check(String text) {
        if (text == null || text.isBlank() || compiled.isEmpty()) return Optional.empty();
        String normal = normalise(text);
        DeadlineText.Budget budget = new DeadlineText.Budget(CHECK_BUDGET);
        for (Compiled c : compiled) {
            try {
                if (c.pattern().matcher(new DeadlineText(normal, budget)).find()) {
                    return Optional.of(new Verdict(c.rule(), c.rule().reason()));
                }
            } catch (DeadlineText.TimedOut | StackOverflowError e) {
                // Java's engine recurses per repetition of some groups, so a long text can also
                // overflow the stack: the same outcome as running out of time.
                LOG.warn("moderation rule {} ({}) could not finish on a {}-character text ({}); the text is refused",
                        c.rule().id(), c.rule().pattern(), normal.length(),
                        e instanceof StackOverflowError ? "stack overflow" : "out of budget");
                return Optional.of(new Verdict(c.rule(),
                        "This text could not be checked against the moderation rules; please rephrase it."));
            }
        }
        return Optional.empty();
    }

    /**
     * Refuses a rule that must not be stored. Called by the store before it adds a rule, so a
     * bad rule never reaches a user's message.
     */
    public static void validate(PromptRule.Kind kind, String pattern, String reason) {
        if (pattern == null || pattern.isBlank()) throw new InvalidRuleException("The pattern is empty.");
        if (reason == null || reason.isBlank()) {
            throw new InvalidRuleException("A rule needs a reason: it is what the refused user is told.");
        }
        if (pattern.length() > MAX_PATTERN_LENGTH) {
            throw new InvalidRuleException("The pattern is longer than " + MAX_PATTERN_LENGTH + " characters.");
        }
        Pattern p;
        try {
            p = compile(kind, pattern);
        } catch (PatternSyntaxException e) {
            throw new InvalidRuleException("Not a valid regular expression: " + e.getDescription()
                    + " near index " + e.getIndex() + ".");
        }
        if (p.matcher("").find()) {
            throw new InvalidRuleException("The pattern matches an empty text, so it would refuse every message.");
        }
        if (kind == PromptRule.Kind.REGEX) {
            for (String probe : probes(pattern)) {
                try {
                    p.matcher(new DeadlineText(probe, new DeadlineText.Budget(PROBE_BUDGET))).find();
                } catch (DeadlineText.TimedOut | StackOverflowError e) {
                    throw new InvalidRuleException("The regular expression backtracks without end (or too deep for the"
                            + " stack) on a text like '" + probe.substring(0, 12).replace("\u0000", "")
                            + "…': nested or overlapping repetition such as (a+)+ or (a|aa)+; rewrite it.");
                }
            }
        }
    }

    static Pattern compile(PromptRule.Kind kind, String pattern) {
        return switch (kind) {
            case REGEX -> Pattern.compile(pattern, FLAGS);
            // A phrase's words may be separated by any whitespace; a letter or digit on either
            // side means it is part of a longer word, which is not a match.
            case WORD -> Pattern.compile("(?<![\\p{L}\\p{N}])"
                    + String.join("\\s+", quoteEach(normalise(pattern).strip().split("\\s+")))
                    + "(?![\\p{L}\\p{N}])", FLAGS);
        };
    }

    private static String[] quoteEach(String[] words) {
        String[] out = new String[words.length];
        for (int i = 0; i < words.length; i++) out[i] = Pattern.quote(words[i]);
        return out;
    }

    /** Full-width letters, ligatures and the like read as their plain forms, so they do not slip past a word. */
    private static String normalise(String text) {
        return Normalizer.normalize(text, Normalizer.Form.NFKC);
    }

    /**
     * Texts that make backtracking patterns blow up: long runs of each letter, digit or space
     * the pattern mentions (and of a few common classes), followed by a character that makes
     * the match fail at the very end, so the engine tries every way of splitting the run.
     */
    private static List<String> probes(String pattern) {
        Set<Character> chars = new LinkedHashSet<>(List.of('a', '0', ' ', '.'));
        for (char c : pattern.toCharArray()) {
            if ((Character.isLetterOrDigit(c) || c == ' ' || c == '-' || c == '_') && chars.size() < 40) chars.add(c);
        }
        List<String> out = new ArrayList<>();
        for (char c : chars) {
            out.add(String.valueOf(c).repeat(PROBE_LENGTH) + "\u0000");
            out.add((c + " ").repeat(PROBE_LENGTH / 2) + "\u0000");
        }
        return out;
    }
}
