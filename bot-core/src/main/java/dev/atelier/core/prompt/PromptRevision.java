package dev.atelier.core.prompt;

import dev.atelier.core.prompt.PromptCues.Kind;
import dev.atelier.core.prompt.PromptCues.Season;
import dev.atelier.core.prompt.PromptCues.Style;
import dev.atelier.core.prompt.PromptCues.TimeOfDay;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Applies a follow-up instruction ("make it night", "now add a red boat", "without the tree")
 * to the previous prompt, so the new prompt visibly carries the old one: the user sees the
 * same words with the change made, not a prompt started over.
 *
 * <p>A prompt is handled as comma segments; the first is the subject and never reclassified.
 * Each clause of the instruction is tried as, in order: a removal, a replacement, a change of
 * style, time of day or season (the old cues of that kind go, the new ones come in), an
 * addition, a recolouring, a palette change; what is left is appended as written.
 * The regular expressions below run on one clause of a length-checked message and have no
 * nested quantifiers, so they cannot backtrack badly.
 */
final class PromptRevision {

    /** The result: the revised prompt and short notes on what changed, for the reply text. */
    record Result(String prompt, List<String> notes) {
    }

    /** Follow-ups add segments; past this the oldest detail (the tail) is dropped. */
    static final int MAX_PROMPT_CHARS = 1500;

    private static final Pattern CLAUSE_BREAK = Pattern.compile(
            "[.,;!?\\n]+|\\s+(?:and|then)\\s+(?=(?:add|make|remove|turn|change|put|replace|without|give|"
                    + "erase|delete|get|swap|include|also|now)\\b)");
    private static final Pattern OPENER = Pattern.compile(
            "^(?:now|please|pls|can you|could you|would you|will you|ok|okay|and|also|then|but|so|just|maybe|"
                    + "lets|let's|i want you to|i'd like you to|hey|actually|same|same thing)\\s+");
    private static final Pattern TRAILER = Pattern.compile(
            "\\s+(?:please|too|as well|to it|to the (?:picture|image|scene)|in the (?:picture|image)|"
                    + "from (?:it|the (?:picture|image|scene))|thanks)$");
    private static final Pattern REMOVAL = Pattern.compile(
            "^(?:remove|erase|delete|without|get rid of|take out|take away|minus|no more|no|lose)\\s+"
                    + "(?:the |a |an |any |all |those |that |this |these )?(.+)$");
    private static final Pattern REPLACE_WITH = Pattern.compile(
            "^(?:replace|swap|switch)\\s+(?:the\\s+)?(.+?)\\s+(?:with|for|by)\\s+(.+)$");
    private static final Pattern TURN_INTO = Pattern.compile(
            "^(?:turn|change|transform|convert|make)\\s+(?:the\\s+)?(.+?)\\s+(?:into|to)\\s+(.+)$");
    private static final Pattern INSTEAD_OF = Pattern.compile("^(.+?)\\s+instead of\\s+(?:the\\s+)?(.+)$");
    private static final Pattern ADDITION = Pattern.compile(
            "^(?:add|put|place|insert|include|with|plus|give (?:it|him|her|them))\\s+(.+)$");
    private static final Pattern RECOLOUR = Pattern.compile(
            "^(?:make|turn|paint|colou?r|recolou?r)\\s+(?:the|his|her|its|their)\\s+(.+?)\\s+"
                    + "((?:light |dark |deep |bright |pale )?[a-z]+)$");
    private static final Pattern WHOLE_PICTURE = Pattern.compile(
            "^(?:make|turn|paint|render|do|show|set|have|draw|redo|redraw)\\s+(?:it|this|that|everything|"
                    + "the (?:image|picture|scene|whole thing))(?:\\s+(?:into|to be|look|as|in))?\\s*");
    private static final Set<String> PRONOUNS = Set.of(
            "it", "this", "that", "everything", "image", "picture", "scene", "whole thing", "the image",
            "the picture", "the scene");
    /** Clauses that carry no change: politeness, praise, a lone connective. */
    private static final Set<String> NOTHING_TO_DO = Set.of(
            "", "ok", "okay", "yes", "yeah", "no", "thanks", "thank you", "thx", "great", "cool", "nice", "again",
            "it", "please", "pls", "now", "and", "also", "then", "but", "so", "just", "maybe", "hey", "hi", "same",
            "perfect", "awesome", "wow", "love it", "i like it", "i like this", "i love it", "i love this",
            "looks good", "good", "lovely", "beautiful");

    /** Time and season words that are adjectives, and so can leave the subject without a gap. */
    private static final Set<String> ADJECTIVES = Set.of(
            "sunny", "snowy", "moonlit", "nighttime", "daytime", "wintry", "wintery", "autumnal", "springtime",
            "summertime");

    private final List<String> segments = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    private PromptRevision(String previous) {
        for (String s : previous.split(",")) {
            String t = s.strip();
            if (!t.isEmpty()) segments.add(t);
        }
    }

    static Result apply(String previousPrompt, String instruction) {
        PromptRevision revision = new PromptRevision(previousPrompt);
        String text = OfflinePromptRefiner.clean(instruction).toLowerCase(Locale.ROOT);
        for (String clause : CLAUSE_BREAK.split(text)) revision.applyClause(tidy(clause));
        return new Result(revision.prompt(), List.copyOf(revision.notes));
    }

    private static String tidy(String clause) {
        String c = clause.strip();
        String before;
        do {
            before = c;
            c = OPENER.matcher(c).replaceFirst("");
            c = TRAILER.matcher(c).replaceFirst("").strip();
        } while (!c.equals(before));
        return c;
    }

    private void applyClause(String clause) {
        if (NOTHING_TO_DO.contains(clause)) return;
        Matcher m;
        if ((m = REMOVAL.matcher(clause)).matches()) {
            remove(m.group(1));
        } else if ((m = REPLACE_WITH.matcher(clause)).matches() || (m = TURN_INTO.matcher(clause)).matches()) {
            replaceOrRestyle(m.group(1), m.group(2));
        } else if ((m = INSTEAD_OF.matcher(clause)).matches()) {
            replaceOrRestyle(m.group(2), m.group(1));
        } else if ((m = ADDITION.matcher(clause)).matches()) {
            add(m.group(1));
        } else if ((m = RECOLOUR.matcher(clause)).matches() && isColour(m.group(2))) {
            recolour(m.group(1), m.group(2));
        } else {
            wholePicture(WHOLE_PICTURE.matcher(clause).replaceFirst("").strip(), clause);
        }
    }

    /** A change to the whole picture: style, time, season, palette, or a cue as written. */
    private void wholePicture(String change, String clause) {
        if (NOTHING_TO_DO.contains(change)) return;
        boolean done = false;
        Style style = PromptCues.styleOf(change);
        if (style != null) {
            boolean lit = segments.stream().anyMatch(seg -> PromptCues.kindOf(seg) == Kind.TIME);
            // A time of day already sets the light; the style's default light would fight it.
            swap(Set.of(Kind.STYLE, Kind.STYLE_LIGHTING, Kind.QUALITY),
                    lit ? style.cues + ", " + style.quality : style.cues + ", " + style.lighting + ", " + style.quality);
            notes.add("in " + style.name().toLowerCase(Locale.ROOT).replace('_', ' ') + " style");
            done = true;
        }
        TimeOfDay time = PromptCues.timeOf(change);
        if (time != null) {
            stripFromSubject(wordsOf(TimeOfDay.values()));
            swap(Set.of(Kind.TIME, Kind.STYLE_LIGHTING), time.cues);
            notes.add(time.cues.split(",")[0]);
            done = true;
        }
        Season season = PromptCues.seasonOf(change);
        if (season != null) {
            stripFromSubject(wordsOf(Season.values()));
            swap(Set.of(Kind.SEASON), season.cues);
            notes.add(season.cues.split(",")[0]);
            done = true;
        }
        if (done) return;
        String palette = paletteFor(change);
        if (palette != null) {
            if (palette.equals("black and white")) segments.removeIf(s -> s.contains("vibrant") || s.contains("colorful"));
            swap(Set.of(Kind.PALETTE), palette);
            notes.add(palette);
            return;
        }
        String cue = (change.isEmpty() ? clause : change).replaceFirst("^(?:make|turn|let|have)\\s+", "");
        insertContent(cue);
        notes.add(cue);
    }

    private static String paletteFor(String change) {
        String padded = PromptCues.pad(change);
        if (padded.contains(" black and white ") || padded.contains(" monochrome ")
                || padded.contains(" grayscale ") || padded.contains(" greyscale ")) {
            return "black and white";
        }
        if (padded.contains(" colorful ") || padded.contains(" colourful ") || padded.contains(" vibrant ")
                || padded.contains(" saturated ")) {
            return "vibrant saturated color palette";
        }
        String[] words = padded.strip().split(" ");
        if (words.length <= 3 && isColour(words[words.length - 1])) {
            return String.join(" ", words) + " color palette";
        }
        return null;
    }

    private void remove(String what) {
        String head = headNoun(what);
        boolean removed = false;
        for (int i = segments.size() - 1; i >= 1; i--) {
            if (mentions(segments.get(i), head)) {
                segments.remove(i);
                removed = true;
            }
        }
        String subject = segments.isEmpty() ? "" : segments.getFirst();
        String trimmed = dropSubjectPart(subject, head);
        if (!trimmed.equals(subject)) {
            segments.set(0, trimmed);
            removed = true;
        }
        if (!removed) segments.add(Math.min(1, segments.size()), "without " + what);
        notes.add("without the " + what);
    }

    /**
     * Drops the part of the subject that names the thing: "a cottage with a tree and a river"
     * without the tree is "a cottage with a river". The first part, the subject itself,
     * stays: removing the main subject is a new picture, not an edit.
     */
    private static String dropSubjectPart(String subject, String head) {
        String[] parts = subject.split("(?=\\s(?:with|and|next to|beside|near|under|holding)\\s)");
        StringBuilder out = new StringBuilder(parts[0]);
        String carriedWith = null;
        for (int i = 1; i < parts.length; i++) {
            if (mentions(parts[i], head)) {
                if (parts[i].startsWith(" with")) carriedWith = " with";
                continue;
            }
            if (carriedWith != null && parts[i].startsWith(" and")) {
                out.append(carriedWith).append(parts[i].substring(4));
            } else {
                out.append(parts[i]);
            }
            carriedWith = null;
        }
        return out.toString().strip();
    }

    private void replaceOrRestyle(String what, String with) {
        if (PRONOUNS.contains(what)) {
            wholePicture(with, with);
            return;
        }
        String[] replacement = with.split(" ");
        if (replacement.length <= 2 && isColour(replacement[replacement.length - 1])) {
            recolour(what, with);
            return;
        }
        String head = headNoun(what);
        String bare = with.replaceFirst("^(?:a|an|the|some)\\s+", "");
        boolean found = false;
        Pattern p = Pattern.compile("\\b" + Pattern.quote(head) + "(s?)\\b", Pattern.CASE_INSENSITIVE);
        for (int i = 0; i < segments.size(); i++) {
            Matcher m = p.matcher(segments.get(i));
            if (m.find()) {
                segments.set(i, m.replaceAll(Matcher.quoteReplacement(bare)));
                found = true;
            }
        }
        if (!found) insertContent(with);
        notes.add(with + " instead of the " + what);
    }

    private void add(String what) {
        insertContent(what);
        notes.add("added " + what);
    }

    private void recolour(String what, String colour) {
        String head = headNoun(what);
        String colours = String.join("|", PromptCues.COLOURS);
        Pattern p = Pattern.compile("\\b(?:(?:light |dark |deep |bright |pale )?(?:" + colours + ")\\s+)?"
                + Pattern.quote(head) + "\\b", Pattern.CASE_INSENSITIVE);
        boolean found = false;
        for (int i = 0; i < segments.size() && !found; i++) {
            Matcher m = p.matcher(segments.get(i));
            if (m.find()) {
                segments.set(i, m.replaceFirst(Matcher.quoteReplacement(colour + " " + head)));
                found = true;
            }
        }
        if (!found) insertContent(colour + " " + what);
        notes.add(colour + " " + what);
    }

    /** Replaces every segment of the given kinds (past the subject) with the new cues. */
    private void swap(Set<Kind> kinds, String cues) {
        int at = -1;
        for (int i = segments.size() - 1; i >= 1; i--) {
            if (kinds.contains(PromptCues.kindOf(segments.get(i)))) {
                segments.remove(i);
                at = i;
            }
        }
        if (at < 0) at = contentEnd();
        segments.addAll(Math.min(at, segments.size()), List.of(cues.split(",\\s*")));
    }

    /** Takes "at sunset", "during the day", "snowy" out of the subject before new cues go in. */
    private void stripFromSubject(List<String> words) {
        if (segments.isEmpty()) return;
        String subject = segments.getFirst();
        for (String w : words) {
            String q = Pattern.quote(w);
            subject = subject.replaceAll("(?i)\\s*\\b(?:at|during|in|by|on)\\s+(?:the\\s+|a\\s+)?" + q + "\\b", "");
            // Adjectives ("sunny", "moonlit", "snowy") go too; nouns stay, or the subject loses words.
            if (ADJECTIVES.contains(w)) subject = subject.replaceAll("(?i)\\s*\\b" + q + "\\b", "");
        }
        subject = subject.strip();
        if (!subject.isEmpty()) segments.set(0, subject);
    }

    private static List<String> wordsOf(Enum<?>[] values) {
        List<String> words = new ArrayList<>();
        for (Enum<?> v : values) {
            if (v instanceof TimeOfDay t) words.addAll(t.words);
            if (v instanceof Season s) words.addAll(s.words);
        }
        // Longest first, so "night time" goes before "night" would leave "time" behind.
        words.sort((a, b) -> b.length() - a.length());
        return words;
    }

    private void insertContent(String what) {
        segments.add(contentEnd(), what);
    }

    /** Where the content ends and our cues begin: new objects go right after the subject's kin. */
    private int contentEnd() {
        for (int i = 1; i < segments.size(); i++) {
            if (PromptCues.kindOf(segments.get(i)) != Kind.CONTENT) return i;
        }
        return segments.size();
    }

    private static boolean mentions(String text, String head) {
        String padded = PromptCues.pad(text);
        return padded.contains(" " + head + " ") || padded.contains(" " + head + "s ")
                || head.endsWith("s") && padded.contains(" " + head.substring(0, head.length() - 1) + " ");
    }

    /** "the big oak tree in the back" → "tree": the noun that names the thing. */
    private static String headNoun(String phrase) {
        String p = phrase.replaceAll("\\s+(?:in|on|at|from|of|near|behind|next to)\\s.*$", "").strip();
        String[] words = p.split("\\s+");
        return words[words.length - 1].toLowerCase(Locale.ROOT);
    }

    private static boolean isColour(String word) {
        return PromptCues.COLOURS.contains(word.strip().toLowerCase(Locale.ROOT));
    }

    private String prompt() {
        Set<String> seen = new LinkedHashSet<>();
        StringBuilder out = new StringBuilder();
        for (String s : segments) {
            if (!seen.add(s.toLowerCase(Locale.ROOT))) continue;
            if (out.length() + s.length() + 2 > MAX_PROMPT_CHARS) break;
            if (!out.isEmpty()) out.append(", ");
            out.append(s);
        }
        return out.toString();
    }
}
