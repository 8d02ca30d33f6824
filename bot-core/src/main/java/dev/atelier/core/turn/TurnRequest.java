package dev.atelier.core.turn;

import dev.atelier.core.image.Direction;
import dev.atelier.core.image.GenerationSettings;
import dev.atelier.core.image.ModelCatalog;
import dev.atelier.core.image.OutpaintCanvas;
import dev.atelier.core.image.SchedulerNames;
import dev.atelier.core.image.StylePreset;
import dev.atelier.core.image.Task;
import dev.atelier.core.settings.UserDefaults;
import dev.atelier.core.settings.UserDefaultsStore;
import dev.atelier.core.task.TaskRouter;
import dev.atelier.core.turn.RejectedTurnException.Reason;
import dev.atelier.core.turn.UploadInspector.ImageInfo;

import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Checks an {@link Inbound} against the {@link TurnLimits} and resolves its settings, so that
 * every platform refuses the same things with the same words.
 */
public final class TurnRequest {

    /**
     * An inpainting repaints the masked area from pure noise by default, as diffusers' inpainting
     * pipelines do: an inpainting UNet sees the kept part through its mask channels, and what was
     * under the mask is what the user wants gone.
     */
    static final double INPAINT_STRENGTH = 1.0;
    /**
     * An outpainting starts from a blurred extension of the edges: most of the schedule runs to
     * paint detail into it, and the rest keeps the new area's colours continuous with the old.
     */
    static final double OUTPAINT_STRENGTH = 0.85;

    /** The style a turn names to run with none, when a default style is configured. */
    public static final String NO_STYLE = "none";

    /** Images one turn may ask for per generation prompt ({@code count}). */
    public static final int MAX_COUNT = 4;

    private final TurnLimits limits;
    private final UploadInspector inspector;
    private final TaskRouter router;
    private final ModelCatalog models;
    private final String defaultStyle;
    private final String defaultModel;
    private final String defaultScheduler;
    private final SchedulerNames schedulers;
    private final UserDefaultsStore userDefaults;

    /**
     * What a turn runs with when neither it nor the person's own defaults say otherwise.
     *
     * @param style     a {@link StylePreset} name, or {@code null} for none
     * @param model     an installed text-to-image model for generating, similar images and edits,
     *                  or {@code null} for the configured one; ignored while it is not installed
     *                  (in- and outpainting keep the configured inpainting model)
     * @param scheduler a scheduler's name ({@link SchedulerNames}), or {@code null} (or
     *                  {@value SchedulerNames#MODEL_OWN}) for the model's own
     */
    public record Defaults(String style, String model, String scheduler) {
        public static final Defaults NONE = new Defaults(null, null, null);
    }

    /** Without a model catalog: a turn that names a model is refused. */
    public TurnRequest(TurnLimits limits, TaskRouter router) {
        this(limits, router, UserDefaultsStore.NONE, ModelCatalog.NONE, null);
    }

    /** @param userDefaults each person's own defaults ({@code /settings}), read for each of their turns */
    public TurnRequest(TurnLimits limits, TaskRouter router, UserDefaultsStore userDefaults) {
        this(limits, router, userDefaults, ModelCatalog.NONE, null);
    }

    /** @param models the installed models a turn may name in {@code model} */
    public TurnRequest(TurnLimits limits, TaskRouter router, ModelCatalog models) {
        this(limits, router, UserDefaultsStore.NONE, models, null);
    }

    /** See the five-argument constructor; no per-person defaults. */
    public TurnRequest(TurnLimits limits, TaskRouter router, ModelCatalog models, String defaultStyle) {
        this(limits, router, UserDefaultsStore.NONE, models, defaultStyle);
    }

    /**
     * @param userDefaults each person's own defaults ({@code /settings}), read for each of their turns
     * @param models       the installed models a turn may name in {@code model}
     * @param defaultStyle the {@link StylePreset} a turn runs with when neither it nor the person's
     *                     own defaults name one, or {@code null} for none; a turn opts out with the
     *                     style {@value #NO_STYLE}
     * @throws IllegalArgumentException when {@code defaultStyle} names no preset
     */
    public TurnRequest(TurnLimits limits, TaskRouter router, UserDefaultsStore userDefaults, ModelCatalog models,
                       String defaultStyle) {
        this(limits, router, userDefaults, models, SchedulerNames.NONE, new Defaults(defaultStyle, null, null));
    }

    /**
     * @param userDefaults each person's own defaults ({@code /settings}), read for each of their turns
     * @param models       the installed models a turn may name in {@code model}
     * @param schedulers   the schedulers' names, to check the default one against
     * @param defaults     what a turn runs with when neither it nor the person's own defaults say;
     *                     a turn opts out of the default style with the style {@value #NO_STYLE}
     * @throws IllegalArgumentException when the default style or scheduler names none there is
     */
    public TurnRequest(TurnLimits limits, TaskRouter router, UserDefaultsStore userDefaults, ModelCatalog models,
                       SchedulerNames schedulers, Defaults defaults) {
        String asked = blankToNull(defaults.style());
        this.defaultStyle = asked == null ? null : StylePreset.find(asked).orElseThrow(() -> new IllegalArgumentException(
                "the default style '" + asked + "' is not one of: " + StylePreset.names())).name();
        this.defaultModel = blankToNull(defaults.model());
        this.schedulers = schedulers;
        String sampler = blankToNull(defaults.scheduler());
        this.defaultScheduler = sampler == null || sampler.equalsIgnoreCase(SchedulerNames.MODEL_OWN) ? null
                : schedulers.find(sampler).orElseThrow(() -> new IllegalArgumentException("the default scheduler '" + sampler
                        + "' is not one of: " + String.join(", ", schedulers.names()) + ", " + SchedulerNames.MODEL_OWN));
        this.limits = limits;
        this.inspector = new UploadInspector(limits.maxUploadBytes(), limits.maxUploadPixels());
        this.router = router;
        this.userDefaults = userDefaults;
        this.models = models;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    /** An upload that passed the checks, with what its header says. */
    public record CheckedUpload(byte[] bytes, ImageInfo info) {
    }

    /**
     * A turn that passed the checks; settings are complete (a seed is drawn when none was given).
     *
     * @param explicitSize     whether the user gave a width or height; when not, a task with a
     *                         source image takes its size from the source ({@link #settingsFor})
     * @param explicitStrength whether the user gave a strength; when not, in- and outpainting
     *                         take their own defaults ({@link #settingsFor})
     */
    public record Checked(String text, CheckedUpload image, CheckedUpload mask, GenerationSettings settings,
                          Task explicitTask, Direction direction, Double amount, boolean explicitSize,
                          boolean explicitStrength) {
    }

    /** What {@link TurnOrchestrator#accept} answers: the job that will answer the turn. */
    public record Accepted(UUID jobId, UUID turnId, UUID conversationId, boolean duplicate) {
    }

    /** Midjourney's way to ask for a shape, which people type out of habit: "a castle --ar 16:9". */
    private static final java.util.regex.Pattern ASPECT = java.util.regex.Pattern.compile(
            "(?i)(?:^|\\s)--(?:ar|aspect)\\s+(\\d{1,3})\\s*:\\s*(\\d{1,3})(?=\\s|$)");

    /**
     * A named look, typed in the message as the aspect ratio is: "a castle --style watercolor".
     * The name pattern is loose so a misspelt name is refused with the list rather than left in
     * the text for the model to read.
     */
    private static final java.util.regex.Pattern STYLE = java.util.regex.Pattern.compile(
            "(?i)(?:^|\\s)--style\\s+([\\p{L}\\p{N}_-]+)(?=\\s|$)");

    /** A model typed in the message, for chats without a model field: "a castle --model sd15". */
    private static final java.util.regex.Pattern MODEL = java.util.regex.Pattern.compile(
            "(?i)(?:^|\\s)--model\\s+([A-Za-z0-9][A-Za-z0-9._-]*)(?=\\s|$)");

    public Checked check(Inbound in) {
        String text = in.text() == null ? "" : in.text().strip();
        String typedModel = null;
        java.util.regex.Matcher md = MODEL.matcher(text);
        if (md.find()) {
            typedModel = md.group(1);
            text = (text.substring(0, md.start()).stripTrailing() + " " + text.substring(md.end()).stripLeading()).strip();
        }
        String typedStyle = null;
        java.util.regex.Matcher st = STYLE.matcher(text);
        if (st.find()) {
            typedStyle = st.group(1);
            text = (text.substring(0, st.start()).stripTrailing() + " " + text.substring(st.end()).stripLeading()).strip();
        }
        int[] aspect = null;
        java.util.regex.Matcher ar = ASPECT.matcher(text);
        if (ar.find()) {
            aspect = new int[]{Integer.parseInt(ar.group(1)), Integer.parseInt(ar.group(2))};
            text = (text.substring(0, ar.start()).stripTrailing() + " " + text.substring(ar.end()).stripLeading()).strip();
        }
        if (text.length() > limits.maxTextLength()) {
            throw invalid("The message is " + text.length() + " characters long; the limit is " + limits.maxTextLength() + ".");
        }
        Task task = null;
        if (in.task() != null && !in.task().isBlank()) {
            task = Task.fromWireName(in.task()).orElseThrow(() -> invalid("Unknown task '" + in.task()
                    + "'. Use one of: generate, similar, inpaint, outpaint, edit."));
        }
        Direction direction = null;
        if (in.direction() != null && !in.direction().isBlank()) {
            direction = Direction.fromWireName(in.direction()).orElseThrow(() -> invalid("Unknown direction '"
                    + in.direction() + "'. Use one of: left, right, up, down, all."));
        }
        if (in.amount() != null && !(in.amount() > 0 && in.amount() <= 2)) {
            throw invalid("amount must be more than 0 and at most 2 (a fraction of the side); got " + in.amount() + ".");
        }
        CheckedUpload image = in.image() == null ? null : upload(in.image(), "image");
        CheckedUpload mask = in.mask() == null ? null : upload(in.mask(), "mask");
        if (text.isEmpty() && image == null) {
            throw invalid("Say what to make: the text is empty and no image was sent.");
        }
        if (mask != null && image != null && (mask.info().width() != image.info().width()
                || mask.info().height() != image.info().height())) {
            throw invalid("The mask is " + mask.info().width() + "×" + mask.info().height()
                    + " but the image is " + image.info().width() + "×" + image.info().height() + "; they must match.");
        }
        Inbound.Options options = in.options() == null ? Inbound.Options.NONE : in.options();
        if (typedModel != null && (options.model() == null || options.model().isBlank())) options = options.withModel(typedModel);
        boolean sized = options.width() != null || options.height() != null;
        boolean explicitSize = sized || aspect != null;
        // The person's own defaults fill what the message leaves open; a default aspect is not an
        // asked size, so an edit still keeps its source image's size.
        UserDefaults mine = in.platform() == null || in.platformUserId() == null ? UserDefaults.NONE
                : userDefaults.find(in.platform(), in.platformUserId()).orElse(UserDefaults.NONE);
        if (aspect == null && !sized) aspect = mine.aspectRatio();
        if (options.steps() == null && mine.steps() != null) options = options.withSteps(mine.steps());
        if (options.seed() == null && mine.seed() != null) options = options.withSeed(mine.seed());
        if (aspect != null && !sized) options = withAspect(options, aspect[0], aspect[1]);
        String styleName = options.style() != null && !options.style().isBlank() ? options.style() : typedStyle;
        if (styleName == null && mine.style() != null && StylePreset.find(mine.style()).isPresent()) styleName = mine.style();
        if (styleName == null) styleName = defaultStyle;
        GenerationSettings settings = settings(options).withScheduler(scheduler(options.scheduler()));
        if (styleName != null && !styleName.strip().equalsIgnoreCase(NO_STYLE)) {
            settings = settings.withStyle(style(styleName).name());
        }
        return new Checked(text, image, mask, settings, task, direction, in.amount(),
                explicitSize, options.strength() != null);
    }

    /**
     * The size for an aspect ratio: about as many pixels as the default size, so a wide picture
     * costs what a square one does, in whole 8-pixel blocks and within the size limits.
     */
    private Inbound.Options withAspect(Inbound.Options o, int w, int h) {
        if (w < 1 || h < 1 || w > 4 * h || h > 4 * w) {
            throw invalid("--ar must be between 1:4 and 4:1; got " + w + ":" + h + ".");
        }
        double area = (double) limits.defaultWidth() * limits.defaultHeight();
        double width = Math.sqrt(area * w / h);
        int ww = clampToBlocks(width);
        int hh = clampToBlocks(width * h / w);
        return new Inbound.Options(ww, hh, o.steps(), o.guidance(), o.seed(), o.negative(), o.strength(), o.style(),
                o.count(), o.model(), o.scheduler());
    }

    /**
     * The scheduler a job runs with: the one the message names ({@value SchedulerNames#MODEL_OWN}
     * for the model's own), else the default; null for the model's own. An unknown name is refused
     * with the names there are.
     */
    private String scheduler(String asked) {
        if (asked == null || asked.isBlank()) return defaultScheduler;
        if (asked.strip().equalsIgnoreCase(SchedulerNames.MODEL_OWN)) return null;
        java.util.List<String> names = new java.util.ArrayList<>(schedulers.names());
        names.add(SchedulerNames.MODEL_OWN + " (the model's own)");
        return schedulers.find(asked).orElseThrow(() -> invalid("Unknown scheduler '" + asked.strip() + "'. Use one of: "
                + String.join(", ", names) + "."));
    }

    /** The preset of that name; an unknown one is refused with the names there are. */
    static StylePreset style(String name) {
        return StylePreset.find(name).orElseThrow(() -> invalid("Unknown style '" + name.strip()
                + "'. Use one of: " + StylePreset.names() + "."));
    }

    private int clampToBlocks(double side) {
        int blocks = (int) Math.round(side / 8) * 8;
        return Math.max(limits.minSize() + 7 - (limits.minSize() + 7) % 8, Math.min(limits.maxSize() / 8 * 8, blocks));
    }

    /**
     * The settings the job runs with, as stored with it. Its size: what the user asked for, or
     * for a task that starts from an image of {@code sourceWidth x sourceHeight} (0 when none)
     * that image's size (an edit, a similar image from it, an inpainting), or the grown canvas
     * (an outpainting); a size over the limit is scaled down to fit, keeping the aspect. Its
     * strength: what the user asked for, or the task's default. Its model: the one asked for, else
     * (but for in- and outpainting) the default model while it is installed, else the configured one.
     */
    public GenerationSettings settingsFor(Checked checked, TaskRouter.Route route, int sourceWidth, int sourceHeight) {
        GenerationSettings s = checked.settings();
        if (s.model() == null && defaultModel != null && route.task() != Task.INPAINT && route.task() != Task.OUTPAINT
                && models.find(defaultModel).map(m -> m.kind() == ModelCatalog.Kind.TEXT_TO_IMAGE).orElse(false)) {
            s = s.withModel(defaultModel);
        }
        if (!checked.explicitStrength() && route.task() == Task.INPAINT) s = s.withStrength(INPAINT_STRENGTH);
        if (!checked.explicitStrength() && route.task() == Task.OUTPAINT) s = s.withStrength(OUTPAINT_STRENGTH);
        if (checked.explicitSize() || sourceWidth < 1 || sourceHeight < 1) return s;
        return switch (route.task()) {
            case GENERATE -> s;
            case EDIT, SIMILAR, INPAINT -> fitted(s, sourceWidth, sourceHeight);
            case OUTPAINT -> {
                OutpaintCanvas canvas = OutpaintCanvas.grow(sourceWidth, sourceHeight, route.direction(), route.amount());
                yield fitted(s, canvas.width(), canvas.height());
            }
        };
    }

    private GenerationSettings fitted(GenerationSettings s, int width, int height) {
        int longest = Math.max(width, height);
        if (longest <= limits.maxSize()) return s.withSize(width, height);
        // Scaled, the size is the model's to choose: whole 8-pixel blocks, as an asked size is.
        double scale = (double) limits.maxSize() / longest;
        return s.withSize(Math.max(8, (int) (width * scale) / 8 * 8), Math.max(8, (int) (height * scale) / 8 * 8));
    }

    /**
     * Refuses a task that lacks what it works on, before anything is stored: an edit, an
     * outpainting or an inpainting needs an image (attached, or the conversation's last
     * result, {@code previousSize} = its width and height, or {@code null}); an inpainting also
     * needs a mask of that image's size.
     */
    public void requireInputs(Task task, Checked checked, int[] previousSize) {
        boolean hasImage = checked.image() != null || previousSize != null;
        switch (task) {
            case EDIT, OUTPAINT -> {
                if (!hasImage) throw invalid("There is no image to " + (task == Task.EDIT ? "edit" : "extend")
                        + " yet: attach one, or make one first.");
            }
            case INPAINT -> {
                if (!hasImage) throw invalid("There is no image to inpaint yet: attach one, or make one first.");
                if (checked.mask() == null) throw invalid("Inpainting needs a mask: an image of the same size, "
                        + "white where to repaint.");
                int w = checked.image() != null ? checked.image().info().width() : previousSize[0];
                int h = checked.image() != null ? checked.image().info().height() : previousSize[1];
                if (checked.mask().info().width() != w || checked.mask().info().height() != h) {
                    throw invalid("The mask is " + checked.mask().info().width() + "×" + checked.mask().info().height()
                            + " but the image is " + w + "×" + h + "; they must match.");
                }
            }
            case GENERATE, SIMILAR -> { }
        }
        String model = checked.settings().model();
        if (model != null && task != Task.INPAINT && task != Task.OUTPAINT
                && models.find(model).map(m -> m.kind() == ModelCatalog.Kind.INPAINTING).orElse(false)) {
            throw invalid("The model '" + model + "' is an inpainting model: it can inpaint and outpaint, not "
                    + task.wireName() + ". Name a text-to-image model, or none.");
        }
    }

    /** Decides the task: an explicit one wins, otherwise the router reads the message in context. */
    public TaskRouter.Route route(Checked checked, Inbound in, boolean hasPreviousImage) {
        return router.route(new TaskRouter.RouteInput(checked.explicitTask(), checked.text(), checked.image() != null,
                checked.mask() != null, hasPreviousImage, checked.direction(), checked.amount()));
    }

    private CheckedUpload upload(Inbound.Upload upload, String what) {
        return new CheckedUpload(upload.bytes(), inspector.inspect(upload.bytes(), what));
    }

    private GenerationSettings settings(Inbound.Options o) {
        int width = size("width", o.width(), limits.defaultWidth());
        int height = size("height", o.height(), limits.defaultHeight());
        int steps = o.steps() == null ? limits.defaultSteps() : o.steps();
        if (steps < 1 || steps > limits.maxSteps()) {
            throw invalid("steps must be between 1 and " + limits.maxSteps() + "; got " + steps + ".");
        }
        double guidance = o.guidance() == null ? limits.defaultGuidance() : o.guidance();
        if (!(guidance >= 0 && guidance <= limits.maxGuidance())) {
            throw invalid("guidance must be between 0 and " + fmt(limits.maxGuidance()) + "; got " + fmt(guidance) + ".");
        }
        double strength = o.strength() == null ? limits.defaultStrength() : o.strength();
        if (!(strength > 0 && strength <= 1)) {
            throw invalid("strength must be more than 0 and at most 1; got " + fmt(strength) + ".");
        }
        if (o.seed() != null && o.seed() < 0) {
            throw invalid("seed must be 0 or more; got " + o.seed() + ".");
        }
        // A drawn seed is stored with the job, so a retry after a crash makes the same image.
        long seed = o.seed() != null ? o.seed() : ThreadLocalRandom.current().nextLong(1L << 32);
        String negative = o.negative() == null ? "" : o.negative().strip();
        if (negative.length() > limits.maxTextLength()) {
            throw invalid("The negative prompt is too long; the limit is " + limits.maxTextLength() + " characters.");
        }
        int count = o.count() == null ? 1 : o.count();
        if (count < 1 || count > MAX_COUNT) {
            throw invalid("count must be between 1 and " + MAX_COUNT + " (images per prompt); got " + count + ".");
        }
        String model = null;
        if (o.model() != null && !o.model().isBlank()) {
            model = o.model().strip();
            if (models.find(model).isEmpty()) {
                throw invalid("Unknown model '" + model + "'. Installed: " + models.names() + ".");
            }
        }
        return new GenerationSettings(width, height, steps, guidance, seed, negative, strength, null, count, model);
    }

    private int size(String name, Integer asked, int fallback) {
        int value = asked == null ? fallback : asked;
        if (value < limits.minSize() || value > limits.maxSize()) {
            throw invalid(name + " must be between " + limits.minSize() + " and " + limits.maxSize() + " pixels; got " + value + ".");
        }
        if (value % 8 != 0) {
            throw invalid(name + " must be a multiple of 8 (the model works on 8×8 blocks); got " + value + ".");
        }
        return value;
    }

    private static RejectedTurnException invalid(String message) {
        return new RejectedTurnException(Reason.INVALID, message);
    }

    private static String fmt(double d) {
        return String.format(Locale.ROOT, "%s", d);
    }
}
