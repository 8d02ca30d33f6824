package dev.atelier.core.task;

import dev.atelier.core.image.Direction;

import java.util.EnumSet;
import java.util.List;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * The words {@link TaskRouter} reads, grouped by task. Lists rather than regular
 * expressions: they are easy to extend from a log of misrouted messages, and matching whole
 * words over a {@link Phrasing} cannot backtrack.
 */
final class RoutePhrases {

    private RoutePhrases() {
    }

    // --- outpaint -------------------------------------------------------------------------

    private static final List<String> OUTPAINT = List.of(
            "zoom out", "zoomed out", "zooming out", "outpaint", "outpainting", "uncrop", "un crop",
            "pull back", "pull the camera back", "wider shot", "wider view", "wider angle", "wider frame",
            "expand the canvas", "expand canvas", "enlarge the canvas", "grow the canvas", "bigger canvas",
            "larger canvas", "more canvas", "show more of", "show me more of", "see more of", "show whats",
            "whats beyond", "whats around", "reveal more", "more of the surroundings", "pan left", "pan right",
            "pan up", "pan down", "pan to the",
            "what is beyond", "beyond the frame", "outside the frame", "make it wider", "make it taller",
            "make the image wider", "make the picture wider", "widen", "extend", "extending", "expand it",
            "expand the image", "expand the picture", "expand the scene", "expand the frame",
            "expand the view", "expand to the", "continue the image", "continue the picture",
            "continue the scene", "continue it to the");

    static boolean isOutpaint(Phrasing p) {
        if (p.hasAny(OUTPAINT)) return true;
        for (List<String> clause : p.clauses()) {
            if (clause.size() <= 2 && (clause.getFirst().equals("wider") || clause.getFirst().equals("taller"))) {
                return true;
            }
        }
        return false;
    }

    /**
     * One named side gives that side. Several, "wider", "taller" or none give ALL: the
     * {@link Direction} values name one side or every side, and growing every side keeps the
     * subject centred, which is what "make it wider" and "zoom out" ask for. Direction words
     * ("left", "top") beat scene words ("show more of the sky").
     */
    static Direction direction(Phrasing p) {
        Set<Direction> named = EnumSet.noneOf(Direction.class);
        Set<Direction> scene = EnumSet.noneOf(Direction.class);
        boolean all = false;
        for (List<String> clause : p.clauses()) {
            for (String w : clause) {
                switch (w) {
                    case "left", "leftward", "leftwards" -> named.add(Direction.LEFT);
                    case "right", "rightward", "rightwards" -> named.add(Direction.RIGHT);
                    case "up", "upward", "upwards", "top", "above", "upper", "higher" -> named.add(Direction.UP);
                    case "down", "downward", "downwards", "bottom", "below", "lower", "beneath" -> named.add(Direction.DOWN);
                    case "wider", "widen", "taller", "around", "everywhere", "sides", "directions" -> all = true;
                    case "sky", "ceiling", "clouds", "heavens" -> scene.add(Direction.UP);
                    case "ground", "floor", "feet", "legs", "shoes", "foreground" -> scene.add(Direction.DOWN);
                    default -> { }
                }
            }
        }
        if (all) return Direction.ALL;
        Set<Direction> chosen = named.isEmpty() ? scene : named;
        return chosen.size() == 1 ? chosen.iterator().next() : Direction.ALL;
    }

    /** "by 30%", "by 0.3", "by half", "a third", "double", "a little", "a lot"; empty if unsaid. */
    static OptionalDouble amount(Phrasing p) {
        for (List<String> clause : p.clauses()) {
            for (int i = 0; i < clause.size(); i++) {
                String w = clause.get(i);
                boolean percentNext = i + 1 < clause.size() && (clause.get(i + 1).equals("percent")
                        || clause.get(i + 1).equals("%"));
                if (w.endsWith("%") || percentNext) {
                    OptionalDouble n = number(w.endsWith("%") ? w.substring(0, w.length() - 1) : w);
                    if (n.isPresent() && n.getAsDouble() > 0) return OptionalDouble.of(n.getAsDouble() / 100);
                }
                if (w.equals("by") && i + 1 < clause.size()) {
                    OptionalDouble n = number(clause.get(i + 1));
                    if (n.isPresent() && n.getAsDouble() > 0 && n.getAsDouble() <= TaskRouter.MAX_AMOUNT) return n;
                }
            }
        }
        if (p.has("half")) return OptionalDouble.of(0.5);
        if (p.has("quarter")) return OptionalDouble.of(0.25);
        if (p.has("third")) return OptionalDouble.of(1.0 / 3);
        if (p.has("triple")) return OptionalDouble.of(2.0);
        if (p.hasAny(List.of("double", "twice", "2x"))) return OptionalDouble.of(1.0);
        if (p.hasAny(List.of("a little", "a bit", "slightly", "a touch", "a tad"))) return OptionalDouble.of(0.25);
        if (p.hasAny(List.of("a lot", "lots", "much more", "way more", "a ton"))) return OptionalDouble.of(1.0);
        return OptionalDouble.empty();
    }

    private static OptionalDouble number(String s) {
        if (s.isEmpty() || s.length() > 8) return OptionalDouble.empty();
        try {
            return OptionalDouble.of(Double.parseDouble(s));
        } catch (NumberFormatException e) {
            return OptionalDouble.empty();
        }
    }

    // --- similar --------------------------------------------------------------------------

    private static final List<String> SIMILAR = List.of(
            "something like this", "something like that", "something like it", "something similar",
            "similar", "variation", "variations", "variant", "variants", "like this one", "like that one",
            "in this style", "in that style", "in the same style", "same style", "more like this", "more like these", "different version", "another version",
            "alternative version", "alternate version", "other versions", "inspired by this",
            "inspired by it", "based on this", "riff on", "reimagine this", "reimagine it", "remix");

    /** "like this" is a reference, unless it is praise ("I like this"). */
    private static final List<String> PRAISE = List.of(
            "i like this", "i like that", "i really like this", "i really like that", "we like this");

    /** Only a short clause: "one more thing: make it night" is not a request for a variation. */
    private static final List<String> ONE_MORE = List.of("another one", "one more", "another", "again but different");

    static boolean isSimilar(Phrasing p) {
        if (p.hasAny(SIMILAR)) return true;
        for (List<String> clause : p.clauses()) {
            String c = String.join(" ", clause);
            if (clause.size() <= 4 && ONE_MORE.stream().anyMatch(o -> (" " + c + " ").contains(" " + o + " "))) {
                if (!c.contains("thing")) return true;
            }
        }
        return p.hasAny(List.of("like this", "like that")) && !p.hasAny(PRAISE);
    }

    // --- edit and inpaint -----------------------------------------------------------------

    /** What follows an edit verb when it points at the picture in context. */
    private static final List<String> IN_CONTEXT = List.of(
            "it", "this", "that", "the", "him", "her", "them", "his", "its", "their", "everything",
            "all", "these", "those", "everyone", "each", "both");

    /** Verbs that point at the picture only with a pronoun: "draw it at night", not "draw the sea". */
    private static final List<String> PRONOUN_ONLY = List.of("it", "this", "that", "him", "her", "them",
            "same");

    private static final Set<String> INPAINT_VERBS = Set.of(
            "replace", "remove", "erase", "delete", "inpaint", "fill", "cut", "take", "clean", "fix");

    private static final Set<String> EDIT_VERBS = Set.of(
            "change", "add", "recolor", "recolour", "colorize", "colourize", "convert", "transform", "swap",
            "switch", "edit", "modify", "adjust", "tweak", "brighten", "darken", "lighten", "sharpen", "blur",
            "flip", "mirror", "rotate", "restyle", "stylize", "stylise", "put", "place", "insert", "include",
            "keep", "redo", "redraw", "repaint", "recreate", "rerender", "retouch", "dress");

    /** Openers of a modifier-only follow-up: "but at night", "with a hat", "without the tree". */
    private static final Set<String> MODIFIER_OPENERS = Set.of(
            "but", "at", "in", "with", "as", "during", "without", "more", "less", "no", "instead", "same",
            "minus", "plus", "under", "from", "on");

    private static final Set<String> COMPARATIVES = Set.of(
            "brighter", "darker", "bigger", "smaller", "larger", "warmer", "cooler", "colder", "happier",
            "sadder", "scarier", "cuter", "sharper", "softer", "lighter", "older", "younger", "longer",
            "shorter", "simpler", "busier", "calmer", "moodier", "creepier", "prettier", "redder",
            "greener", "bluer", "more", "less", "stronger", "weaker", "richer", "dimmer", "clearer");

    private static final Set<String> DEGREE = Set.of("slightly", "much", "way", "even", "somewhat", "bit",
            "little", "far", "lot", "a", "tad");

    /** One- to three-word follow-ups that only name a look: "watercolor", "at sunset" is above. */
    private static final Set<String> LOOK_WORDS = Set.of(
            "night", "nighttime", "daytime", "day", "sunset", "sunrise", "dawn", "dusk", "evening", "morning",
            "noon", "midnight", "winter", "summer", "autumn", "snowy", "rainy", "foggy", "stormy", "sunny",
            "cloudy", "misty", "watercolor", "watercolour", "anime", "manga", "cartoon", "pixel", "cyberpunk",
            "steampunk", "noir", "vintage", "retro", "realistic", "photorealistic", "sketch", "monochrome",
            "sepia", "colorful", "colourful", "grayscale", "greyscale", "black", "white", "red", "blue", "green",
            "yellow", "purple", "pink", "orange", "golden", "silver", "neon", "pastel", "and", "style",
            "version", "time", "mode", "art", "please", "oil", "painting", "impressionist", "gothic");

    /** What follows "it" in a judgement of the picture: "it needs more light", "its too dark". */
    private static final Set<String> JUDGEMENTS = Set.of(
            "should", "needs", "need", "could", "would", "must", "looks", "seems", "feels", "has", "too",
            "isnt", "doesnt", "lacks", "might", "kinda", "missing", "not", "so", "way");

    private static final List<List<String>> WANTS = List.of(
            List.of("i", "want"), List.of("i", "need"), List.of("id", "like"), List.of("i", "would", "like"),
            List.of("i", "wanna"), List.of("id", "love"), List.of("i", "would", "love"));

    /** How many words "i want" and its kin take at the start of the clause; 0 if absent. */
    static int wantPrefix(List<String> clause) {
        for (List<String> w : WANTS) {
            if (clause.size() >= w.size() && clause.subList(0, w.size()).equals(w)) return w.size();
        }
        return 0;
    }

    private static final List<String> EDIT_ANYWHERE = List.of(
            "it to be", "it to look", "them to be", "should be", "should look", "should have", "needs to be",
            "needs more", "needs less", "could use", "is too", "are too", "its too", "looks too", "get rid of",
            "make it", "turn it", "same but", "same thing but", "same picture but", "same image but",
            "again but", "it but", "this but", "that but", "one but", "instead");

    static boolean isInpaint(List<String> clause) {
        if (startsGetRid(clause)) return true;
        String first = clause.getFirst();
        if (!INPAINT_VERBS.contains(first)) return false;
        return switch (first) {
            case "cut", "take" -> clause.size() > 1 && (clause.get(1).equals("out") || clause.get(1).equals("away"));
            case "clean" -> clause.size() > 1 && clause.get(1).equals("up");
            default -> clause.size() > 1;
        };
    }

    private static boolean startsGetRid(List<String> clause) {
        return clause.size() > 2 && clause.get(0).equals("get") && clause.get(1).equals("rid");
    }

    static boolean isEdit(List<String> clause) {
        String first = clause.getFirst();
        String second = clause.size() > 1 ? clause.get(1) : "";
        if (startsGetRid(clause) || clause.contains("instead")) return true;
        if (EDIT_VERBS.contains(first) && clause.size() > 1) return true;
        if ((first.equals("make") || first.equals("turn")) && IN_CONTEXT.contains(second)) return true;
        if (first.equals("give") && IN_CONTEXT.contains(second)) return true;
        if ((first.equals("have") || first.equals("let") || first.equals("set")) && IN_CONTEXT.contains(second)) {
            return true;
        }
        if (Set.of("draw", "paint", "render", "show", "do", "try").contains(first)
                && (PRONOUN_ONLY.contains(second) || second.equals("the") && clause.size() > 2
                && clause.get(2).equals("same"))) {
            return true;
        }
        if ((first.equals("it") || first.equals("its") || first.equals("everything")) && JUDGEMENTS.contains(second)) {
            return true;
        }
        int want = wantPrefix(clause);
        if (want > 0 && want < clause.size()) {
            String wanted = clause.get(want);
            if (PRONOUN_ONLY.contains(wanted) || wanted.equals("the") && clause.contains("to")) return true;
        }
        if ((first.equals("how") || first.equals("what")) && second.equals("about") && clause.size() > 2
                && Set.of("it", "at", "in", "with", "as", "without", "more", "less", "making", "adding", "we")
                .contains(clause.get(2))) {
            return true;
        }
        if (first.equals("what") && second.equals("if")) return true;
        if (first.equals("but") || first.equals("without")) return true;
        if (MODIFIER_OPENERS.contains(first) && clause.size() >= 2 && clause.size() <= 8) return true;
        int i = 0;
        while (i < clause.size() - 1 && DEGREE.contains(clause.get(i))) i++;
        if (COMPARATIVES.contains(clause.get(i)) && clause.size() <= 6) return true;
        return clause.size() <= 3 && LOOK_WORDS.containsAll(clause);
    }

    static boolean isEditAnywhere(Phrasing p) {
        return p.hasAny(EDIT_ANYWHERE);
    }

    // --- fresh request --------------------------------------------------------------------

    private static final Set<String> GENERATION_VERBS = Set.of(
            "draw", "generate", "create", "paint", "render", "design", "produce", "sketch", "imagine",
            "illustrate", "make", "show", "give", "depict", "visualize", "visualise", "picture");

    private static final Set<String> PICTURE_NOUNS = Set.of(
            "picture", "image", "photo", "photograph", "drawing", "painting", "illustration", "portrait",
            "render", "rendering", "sketch", "pic", "new", "wallpaper", "poster", "logo");

    static boolean isFresh(List<String> clause) {
        String first = clause.getFirst();
        String second = clause.size() > 1 ? clause.get(1) : "";
        String joined = " " + String.join(" ", clause) + " ";
        if (GENERATION_VERBS.contains(first) && clause.size() > 1) return true;
        if ((first.equals("a") || first.equals("an")) && PICTURE_NOUNS.contains(second)) return true;
        if (first.equals("new")) return true;
        if (wantPrefix(clause) > 0 && wantPrefix(clause) < clause.size()) return true;
        return joined.contains(" start over ") || joined.contains(" start fresh ")
                || joined.contains(" from scratch ") || joined.contains(" something else ")
                || joined.contains(" something different ") || joined.contains(" new image ")
                || joined.contains(" new picture ");
    }
}
