package dev.atelier.core.prompt;

import dev.atelier.core.image.Task;
import dev.atelier.core.prompt.PromptCues.Kind;
import dev.atelier.core.prompt.PromptCues.Season;
import dev.atelier.core.prompt.PromptCues.Style;
import dev.atelier.core.prompt.PromptCues.TimeOfDay;
import dev.atelier.core.task.TaskRouter;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The prompt model used when no MLLM server is configured: it turns a short request into a
 * detailed generation prompt with fixed rules, so Atelier works offline and the same words
 * always give the same prompt (a seed then gives the same image).
 *
 * <p>A fresh request becomes the subject (the user's words without "please draw me", "an image
 * of") followed by style, lighting, framing and quality cues chosen from the words
 * ({@link PromptCues}). A follow-up ("make it night", "now add a red boat", "without the
 * tree") is applied to the previous prompt by {@link PromptRevision}, so the new prompt visibly
 * carries the old one. The reply follows the LLMGA protocol: one short sentence, then the
 * prompt inside {@code <gen_image> … </gen_image>}.
 *
 * <p>Stateless and thread-safe.
 */
public final class OfflinePromptRefiner implements PromptModel {

    public static final String NAME = "offline-refiner";

    /** Longest user text read; the rest of a pasted essay would only dilute the prompt. */
    static final int MAX_INPUT_CHARS = 500;

    private static final String REFERENCE_SCENE = "the scene from the reference image, same composition";
    private static final String GENERIC_VARIATION = "a variation of the reference image, same subject, "
            + "same color palette and mood, fresh composition";
    private static final String FALLBACK_SUBJECT = "an imaginative scene full of detail";

    private static final Pattern LEADING_FILLER = Pattern.compile(
            "(?i)^(?:hey|hi|hello|ok|okay|please|pls|kindly|so|now|just|quickly|but|and|with|also|"
                    + "i want you to|i'd like you to|id like you to|i would like you to|can you|could you|"
                    + "would you|will you|can u|could u|i want|i'd like|id like|i would like|i need|i wanna|"
                    + "give me|show me|get me|draw me|make me|create me|paint me|generate me|render me|"
                    + "draw|make|create|generate|paint|render|design|produce|imagine|illustrate|depict|"
                    + "visuali[sz]e|picture|new (?:picture|image|one))\\b[\\s,:;-]*");
    private static final Pattern MEDIUM = Pattern.compile(
            "(?i)^(?:a |an |the |some )?(?:new |nice |cool |beautiful |detailed )?(?:picture|image|photo|"
                    + "photograph|pic|drawing|painting|illustration|render|rendering|sketch|artwork|wallpaper)"
                    + "\\s+(?:of|showing|with|depicting)\\s+");
    private static final Pattern TRAILING_FILLER = Pattern.compile(
            "(?i)[\\s,]*(?:\\b(?:please|pls|for me|thanks|thank you|thx|if you can|if possible|now))?[\\s.!?]*$");
    private static final Pattern SIMILAR_WORDS = Pattern.compile(
            "(?i)(?:something|anything|one|more|another one|images?|pictures?)?\\s*(?:like|similar to)\\s+"
                    + "(?:this|that|it|the (?:last|previous|first) one)(?:\\s+one)?|in (?:this|that|the same) style|"
                    + "same style|variations?(?: of (?:this|that|it))?|variants?|similar|another one|one more|"
                    + "inspired by (?:this|it)|based on this|remix|reimagine (?:this|it)");
    private static final Pattern STYLE_REFERENCE = Pattern.compile(
            "(?i)in (?:this|that|the same) style|same style");

    private final TaskRouter router = new TaskRouter();

    @Override
    public String reply(PromptRequest request) {
        Refinement r = refine(request);
        return r.sentence() + "\n<gen_image>" + r.prompt() + "</gen_image>";
    }

    @Override
    public String name() {
        return NAME;
    }

    /** The sentence shown to the user and the prompt, before they are put in the LLMGA format. */
    record Refinement(String sentence, String prompt) {
    }

    Refinement refine(PromptRequest request) {
        Refinement r = refineContent(request);
        // A chosen style preset brings its own medium, light and finish: ours would fight it
        // ("digital painting" before "pixel art"), so the prompt keeps only what it shows.
        return request.style() == null ? r : new Refinement(r.sentence(), withoutStyleCues(r.prompt()));
    }

    /** The prompt without our medium, style-lighting and quality cues; the subject (first segment) always stays. */
    static String withoutStyleCues(String prompt) {
        String[] segments = prompt.split(",");
        List<String> kept = new ArrayList<>();
        kept.add(segments[0].strip());
        for (int i = 1; i < segments.length; i++) {
            Kind kind = PromptCues.kindOf(segments[i]);
            if (kind != Kind.STYLE && kind != Kind.STYLE_LIGHTING && kind != Kind.QUALITY) kept.add(segments[i].strip());
        }
        return String.join(", ", kept);
    }

    private Refinement refineContent(PromptRequest request) {
        String text = clean(request.userText());
        String previous = usable(request.previousPrompt());
        Task task = request.task() == null ? Task.GENERATE : request.task();
        return switch (task) {
            case EDIT -> followUp(previous == null ? REFERENCE_SCENE : previous, text, "Same picture");
            case INPAINT -> followUp(previous == null ? subjectOrReference(text) : previous, text,
                    "Repainting the marked area");
            case OUTPAINT -> outpaint(previous, text);
            case SIMILAR -> similar(previous, text);
            case GENERATE -> previous != null && readsLikeInstruction(text)
                    ? followUp(previous, text, "Same picture")
                    : fresh(text, "Here's my take on ");
        };
    }

    private boolean readsLikeInstruction(String text) {
        return router.route(TaskRouter.RouteInput.message(text, false, true)).task() == Task.EDIT;
    }

    private Refinement fresh(String text, String opening) {
        String subject = subjectOf(text);
        if (subject.isEmpty()) subject = FALLBACK_SUBJECT;
        return new Refinement(opening + shorten(subject) + ".", build(subject, text));
    }

    /** Subject, style, light, season, framing, quality: the order diffusion prompts read best in. */
    private static String build(String subject, String request) {
        Style named = PromptCues.styleOf(request);
        Style style = named == null ? Style.DIGITAL_PAINTING : named;
        TimeOfDay time = PromptCues.timeOf(request);
        Season season = PromptCues.seasonOf(request);
        List<String> parts = new ArrayList<>();
        parts.add(subject);
        parts.add(style.cues);
        parts.add(time == null ? style.lighting : withoutRepeat(time.cues, subject));
        if (season != null) parts.add(withoutRepeat(season.cues, subject));
        parts.add(PromptCues.framingFor(subject));
        parts.add(style.quality);
        return String.join(", ", parts);
    }

    /** Drops the leading "at night" of the cues when the subject already says it. */
    private static String withoutRepeat(String cues, String subject) {
        int comma = cues.indexOf(", ");
        if (comma < 0 || !PromptCues.pad(subject).contains(PromptCues.pad(cues.substring(0, comma)))) return cues;
        return cues.substring(comma + 2);
    }

    private static Refinement followUp(String base, String text, String opening) {
        PromptRevision.Result r = PromptRevision.apply(base, text);
        String change = r.notes().isEmpty() ? "as before" : String.join("; ", r.notes());
        return new Refinement(opening + ", " + shorten(change) + ".", r.prompt());
    }

    private static Refinement outpaint(String previous, String text) {
        String base = previous != null ? previous : REFERENCE_SCENE;
        String prompt = base.contains("wide view") ? base : base + ", wide view, expansive surroundings";
        return new Refinement("I'll extend the canvas and continue the scene past the old edges.", prompt);
    }

    private Refinement similar(String previous, String text) {
        String residual = SIMILAR_WORDS.matcher(text).replaceAll(" ").strip();
        boolean styleReference = STYLE_REFERENCE.matcher(text).find();
        if (residual.endsWith("?") || residual.matches("(?i)^(?:what|how|why|who|is|does|do)\\b.*")) residual = "";
        String subject = subjectOf(residual);
        if (previous != null) {
            if (subject.isEmpty()) {
                String prompt = previous.contains("fresh composition") ? previous : previous + ", fresh composition";
                return new Refinement("Here's a variation on the last picture.", prompt);
            }
            if (styleReference) {
                return new Refinement("Here's " + shorten(subject) + " in the same style.",
                        subject + ", " + cuesOf(previous));
            }
            return followUp(previous, residual, "A variation of the last picture");
        }
        if (subject.isEmpty()) {
            return new Refinement("Here's a variation of your image.",
                    GENERIC_VARIATION + ", " + Style.DIGITAL_PAINTING.quality);
        }
        String reference = styleReference ? "in the style of the reference image" : "inspired by the reference image";
        return new Refinement("Here's " + shorten(subject) + ", after your image.",
                build(subject, residual) + ", " + reference);
    }

    /** The style, light and quality segments of a prompt: what "in this style" carries over. */
    private static String cuesOf(String prompt) {
        List<String> cues = new ArrayList<>();
        String[] segments = prompt.split(",");
        for (int i = 1; i < segments.length; i++) {
            if (PromptCues.kindOf(segments[i]) != Kind.CONTENT) cues.add(segments[i].strip());
        }
        return cues.isEmpty() ? "in the style of the reference image" : String.join(", ", cues);
    }

    private static String subjectOrReference(String text) {
        String subject = subjectOf(text);
        return subject.isEmpty() ? REFERENCE_SCENE : subject;
    }

    /** The user's words without the asking: "can you please draw me a fox?" is "a fox". */
    static String subjectOf(String text) {
        String s = text.strip();
        String before;
        do {
            before = s;
            s = MEDIUM.matcher(s).replaceFirst("");
            s = LEADING_FILLER.matcher(s).replaceFirst("");
            s = TRAILING_FILLER.matcher(s).replaceFirst("");
        } while (!s.equals(before) && !s.isEmpty());
        return s.strip();
    }

    private static String usable(String previousPrompt) {
        if (previousPrompt == null) return null;
        String p = clean(previousPrompt, PromptRevision.MAX_PROMPT_CHARS);
        return p.isEmpty() ? null : p;
    }

    /**
     * Makes user text safe to put in a prompt: no angle brackets (so no one can smuggle a
     * {@code </gen_image>} into the reply), one space between words, and a length cap.
     */
    static String clean(String text) {
        return clean(text, MAX_INPUT_CHARS);
    }

    private static String clean(String text, int max) {
        if (text == null) return "";
        String s = text.replace('<', ' ').replace('>', ' ').replaceAll("\\s+", " ").strip();
        if (s.length() <= max) return s;
        int cut = s.lastIndexOf(' ', max);
        return s.substring(0, cut > max / 2 ? cut : max).strip();
    }

    private static String shorten(String s) {
        if (s.length() <= 80) return s;
        int cut = s.lastIndexOf(' ', 80);
        return s.substring(0, cut > 40 ? cut : 80) + "…";
    }
}
