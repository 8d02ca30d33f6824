package dev.atelier.core.prompt;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The vocabulary of the offline refiner: art styles, times of day, seasons, framings and
 * colours, each with the words that call it up and the comma-separated cues it adds to a
 * prompt. Every cue is its own comma segment, so a later follow-up can find ours again and
 * swap it ("make it night" drops the sunset cues and adds the night ones).
 */
final class PromptCues {

    private PromptCues() {
    }

    /** An art style, the words that ask for it and the cues that describe it. */
    enum Style {
        PHOTO(List.of("photo", "photograph", "photography", "photorealistic", "realistic", "real life", "dslr",
                "35mm"),
                "photorealistic photograph, 35mm lens", "natural light, soft shadows",
                "sharp focus, high detail, professional photography"),
        OIL_PAINTING(List.of("oil painting", "oil", "painting", "painted", "renaissance", "impressionist"),
                "oil painting on canvas, visible brush strokes", "dramatic chiaroscuro lighting",
                "rich texture, fine art, masterpiece"),
        WATERCOLOR(List.of("watercolor", "watercolour", "aquarelle"),
                "watercolor painting, soft washes, paper texture", "soft diffuse light",
                "delicate details, high quality"),
        ANIME(List.of("anime", "manga"),
                "anime style illustration, cel shading", "soft ambient light",
                "clean line art, vibrant colors, high quality"),
        PIXEL_ART(List.of("pixel art", "pixel", "pixelated", "8-bit", "8 bit", "16-bit", "16 bit", "sprite",
                "retro game"),
                "pixel art, 16-bit retro game style", "flat lighting",
                "crisp pixels, limited color palette"),
        RENDER_3D(List.of("3d", "3d render", "blender", "isometric", "low poly", "cgi", "claymation"),
                "3D render, physically based materials", "soft studio lighting, global illumination",
                "high detail, 4k"),
        SKETCH(List.of("sketch", "pencil", "charcoal", "line drawing", "ink drawing", "drawing"),
                "pencil sketch, cross-hatching", "subtle shading",
                "fine linework, detailed"),
        CARTOON(List.of("cartoon", "comic", "comic book", "childrens book", "children's book"),
                "cartoon illustration, bold outlines", "bright even lighting",
                "clean shapes, vibrant colors"),
        /** What a request gets when it names no style: a look that suits most subjects. */
        DIGITAL_PAINTING(List.of("digital art", "digital painting", "concept art"),
                "digital painting, concept art", "soft cinematic lighting",
                "highly detailed, sharp focus, high quality");

        final List<String> words;
        final String cues;
        final String lighting;
        final String quality;

        Style(List<String> words, String cues, String lighting, String quality) {
            this.words = words;
            this.cues = cues;
            this.lighting = lighting;
            this.quality = quality;
        }
    }

    /** A time of day: the words that ask for it and the lighting that shows it. */
    enum TimeOfDay {
        NIGHT(List.of("night", "nighttime", "night time", "midnight", "moonlight", "moonlit", "starry night"),
                "at night, moonlight, deep blue shadows, glowing lights"),
        SUNSET(List.of("sunset", "dusk", "evening", "golden hour", "twilight"),
                "at sunset, golden hour, warm light, long shadows"),
        SUNRISE(List.of("sunrise", "dawn", "morning", "daybreak"),
                "at sunrise, early morning light, soft golden haze"),
        DAY(List.of("day", "daytime", "daylight", "noon", "midday", "afternoon", "sunny"),
                "in bright daylight, clear sky");

        final List<String> words;
        final String cues;

        TimeOfDay(List<String> words, String cues) {
            this.words = words;
            this.cues = cues;
        }
    }

    enum Season {
        WINTER(List.of("winter", "wintery", "wintry", "snowy", "snow"), "in winter, snow-covered, frosty air"),
        SPRING(List.of("spring", "springtime", "blossom", "blossoms"), "in spring, blooming flowers, fresh greenery"),
        SUMMER(List.of("summer", "summertime"), "in summer, lush greenery, warm air"),
        AUTUMN(List.of("autumn", "fall", "autumnal"), "in autumn, golden and red foliage, falling leaves");

        final List<String> words;
        final String cues;

        Season(List<String> words, String cues) {
            this.words = words;
            this.cues = cues;
        }
    }

    /** What a segment of a prompt is about, so a follow-up knows which ones to swap. */
    enum Kind { STYLE, STYLE_LIGHTING, QUALITY, TIME, SEASON, COMPOSITION, PALETTE, CONTENT }

    static final String PORTRAIT_FRAMING = "close-up portrait, shallow depth of field, eye-level";
    static final String WIDE_FRAMING = "wide establishing shot, rule of thirds, sense of depth";
    static final String DEFAULT_FRAMING = "centered composition, rule of thirds";

    private static final Set<String> PORTRAIT_WORDS = Set.of(
            "portrait", "face", "woman", "man", "girl", "boy", "person", "selfie", "headshot", "lady",
            "gentleman", "child", "kid", "grandmother", "grandfather", "queen", "king", "warrior", "wizard");

    private static final Set<String> SCENE_WORDS = Set.of(
            "landscape", "castle", "city", "mountain", "mountains", "forest", "sea", "ocean", "lake", "beach",
            "valley", "village", "street", "skyline", "desert", "river", "field", "island", "canyon",
            "cityscape", "waterfall", "garden", "town", "countryside", "meadow", "harbor", "harbour", "galaxy",
            "planet", "jungle", "cave", "temple", "ruins", "lighthouse", "bridge", "kingdom", "park");

    static final Set<String> COLOURS = Set.of(
            "red", "orange", "yellow", "green", "blue", "purple", "violet", "pink", "black", "white", "gray",
            "grey", "brown", "gold", "golden", "silver", "teal", "turquoise", "cyan", "magenta", "crimson",
            "navy", "beige", "lavender", "rainbow");

    private static final Map<String, Kind> KNOWN_SEGMENTS = knownSegments();

    private static Map<String, Kind> knownSegments() {
        Map<String, Kind> known = new HashMap<>();
        for (Style s : Style.values()) {
            put(known, s.cues, Kind.STYLE);
            put(known, s.lighting, Kind.STYLE_LIGHTING);
            put(known, s.quality, Kind.QUALITY);
        }
        for (TimeOfDay t : TimeOfDay.values()) put(known, t.cues, Kind.TIME);
        for (Season s : Season.values()) put(known, s.cues, Kind.SEASON);
        for (String f : List.of(PORTRAIT_FRAMING, WIDE_FRAMING, DEFAULT_FRAMING)) put(known, f, Kind.COMPOSITION);
        return Map.copyOf(known);
    }

    private static void put(Map<String, Kind> known, String cues, Kind kind) {
        for (String part : cues.split(",")) known.putIfAbsent(part.strip().toLowerCase(Locale.ROOT), kind);
    }

    /**
     * The kind of one comma segment. Our own cues are recognised exactly; a short segment
     * from elsewhere (an MLLM's prompt, the user's) is recognised by its words, so that "make
     * it night" also replaces a "moonlit" or a "sunset glow" it did not write. Longer
     * segments are content.
     */
    static Kind kindOf(String segment) {
        String s = segment.strip().toLowerCase(Locale.ROOT);
        Kind known = KNOWN_SEGMENTS.get(s);
        if (known != null) return known;
        if (s.endsWith("color palette") || s.endsWith("colour palette") || s.endsWith(" tones")
                || s.equals("black and white") || s.equals("monochrome")) {
            return Kind.PALETTE;
        }
        // "a boat at night" is content that happens to name a time; "moonlit sky" is a cue.
        if (s.split(" ").length > 4 || s.startsWith("a ") || s.startsWith("an ")) return Kind.CONTENT;
        if (timeOf(s) != null) return Kind.TIME;
        if (seasonOf(s) != null) return Kind.SEASON;
        if (styleOf(s) != null) return Kind.STYLE;
        return Kind.CONTENT;
    }

    /** The style named in the text; the longest match wins, so "watercolor painting" is not oil. */
    static Style styleOf(String text) {
        String padded = pad(text);
        Style found = null;
        int longest = 0;
        for (Style s : Style.values()) {
            for (String w : s.words) {
                if (w.length() > longest && padded.contains(" " + w + " ")) {
                    found = s;
                    longest = w.length();
                }
            }
        }
        return found;
    }

    static TimeOfDay timeOf(String text) {
        String padded = pad(text);
        TimeOfDay found = null;
        int at = Integer.MAX_VALUE;
        // The earliest time word wins: "a sunny day turning to night" is about the day.
        for (TimeOfDay t : TimeOfDay.values()) {
            for (String w : t.words) {
                int i = padded.indexOf(" " + w + " ");
                if (i >= 0 && i < at) {
                    at = i;
                    found = t;
                }
            }
        }
        return found;
    }

    static Season seasonOf(String text) {
        String padded = pad(text);
        for (Season s : Season.values()) {
            for (String w : s.words) if (padded.contains(" " + w + " ")) return s;
        }
        return null;
    }

    /** The framing that suits the subject: the first portrait or scene word decides. */
    static String framingFor(String subject) {
        for (String w : pad(subject).strip().split(" ")) {
            if (PORTRAIT_WORDS.contains(w)) return PORTRAIT_FRAMING;
            if (SCENE_WORDS.contains(w)) return WIDE_FRAMING;
        }
        return DEFAULT_FRAMING;
    }

    /** Lower-case words between spaces, punctuation gone, so phrases match as whole words. */
    static String pad(String text) {
        StringBuilder out = new StringBuilder(" ");
        for (char c : text.toLowerCase(Locale.ROOT).toCharArray()) {
            out.append(Character.isLetterOrDigit(c) || c == '-' || c == '\'' ? c : ' ');
        }
        return out.append(' ').toString().replaceAll(" +", " ");
    }
}
