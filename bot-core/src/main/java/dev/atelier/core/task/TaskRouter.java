package dev.atelier.core.task;

import dev.atelier.core.image.Direction;
import dev.atelier.core.image.Task;
import jakarta.inject.Singleton;

import java.util.List;

/**
 * Decides what a user turn asks for: a new picture, something like a given one, a repaint of
 * a masked area, a bigger canvas or an edit of the image in context. Stateless and
 * thread-safe; the words it looks for live in {@link RoutePhrases}.
 *
 * <p>The rules, first match wins:
 * <ol>
 *   <li>An explicit task (a slash command, a button, the REST field) always wins.</li>
 *   <li>A mask means INPAINT: painting inside a mask is the only thing a mask is for.</li>
 *   <li>With no image in context (none attached, none earlier in the conversation) every
 *       request is GENERATE: there is nothing to edit, extend or imitate.</li>
 *   <li>A direction given with the turn (a "zoom out" or "extend ←" button) means OUTPAINT.</li>
 *   <li>Outpaint phrasing ("extend it to the left", "zoom out", "uncrop", "make it wider")
 *       means OUTPAINT.</li>
 *   <li>Similar phrasing ("something like this", "variations", "in this style") means SIMILAR.</li>
 *   <li>The first clause that reads either as an edit or as a fresh request decides:
 *       an edit ("make it night", "now add a red boat", "without the tree", "more colourful",
 *       and also "replace the sky with …", "remove the car") means EDIT; a fresh request
 *       ("draw a castle", "make a picture of a dog") means SIMILAR when the user attached an
 *       image (the image is the reference) and GENERATE otherwise.</li>
 *   <li>Otherwise an attached image means SIMILAR, and a message that only follows an earlier
 *       image ("a red sports car") is a new picture: GENERATE.</li>
 * </ol>
 *
 * <p>Why inpaint phrasing without a mask is EDIT: the inpainting pipeline needs a mask to
 * know where to paint, and guessing one from words would need a segmentation model we do not
 * run. An instruction-following edit ("remove the car") is the closest thing that works
 * without a mask, and LLMGA routes such requests to its editing model for the same reason.
 */
@Singleton
public final class TaskRouter {

    /** Grow the canvas by half a side when the user gave no amount: visible, not overwhelming. */
    public static final double DEFAULT_AMOUNT = 0.5;

    /** The largest amount accepted, as a fraction of the side; the turn checks allow up to 2. */
    public static final double MAX_AMOUNT = 2.0;

    /**
     * What the router reads from one turn.
     *
     * @param explicitTask     a task the user chose outright, or {@code null}
     * @param text             what the user wrote ({@code null} is read as empty)
     * @param hasImage         the user attached an image to this turn
     * @param hasMask          the user attached a mask to this turn
     * @param hasPreviousImage the conversation already has an image (generated or uploaded),
     *                         or the user replied to one
     * @param direction        an outpainting direction given outright (a button), or {@code null}
     * @param amount           an outpainting amount given outright, or {@code null}
     */
    public record RouteInput(Task explicitTask, String text, boolean hasImage, boolean hasMask,
                             boolean hasPreviousImage, Direction direction, Double amount) {

        /** A plain message: no explicit task, direction or amount. */
        public static RouteInput message(String text, boolean hasImage, boolean hasPreviousImage) {
            return new RouteInput(null, text, hasImage, false, hasPreviousImage, null, null);
        }
    }

    /**
     * The decision.
     *
     * @param task      the task to run
     * @param direction for OUTPAINT, where to grow the canvas; {@code null} for other tasks
     * @param amount    for OUTPAINT, how much to grow it as a fraction of the side; 0 otherwise
     * @param reason    a short explanation for logs ("mask attached", "outpaint phrasing")
     */
    public record Route(Task task, Direction direction, double amount, String reason) {

        static Route of(Task task, String reason) {
            return new Route(task, null, 0, reason);
        }
    }

    public Route route(RouteInput input) {
        Phrasing phrasing = Phrasing.of(input.text());
        if (input.explicitTask() != null) {
            return input.explicitTask() == Task.OUTPAINT
                    ? outpaint(input, phrasing, "explicit task outpaint")
                    : Route.of(input.explicitTask(), "explicit task " + input.explicitTask().wireName());
        }
        if (input.hasMask()) return Route.of(Task.INPAINT, "mask attached");
        if (!input.hasImage() && !input.hasPreviousImage()) {
            return Route.of(Task.GENERATE, "no image in context");
        }
        if (input.direction() != null) return outpaint(input, phrasing, "direction given");
        if (RoutePhrases.isOutpaint(phrasing)) return outpaint(input, phrasing, "outpaint phrasing");
        if (RoutePhrases.isSimilar(phrasing)) return Route.of(Task.SIMILAR, "similar phrasing");
        for (List<String> clause : phrasing.clauses()) {
            if (RoutePhrases.isInpaint(clause)) {
                return Route.of(Task.EDIT, "inpaint phrasing without a mask, done as an instruction edit");
            }
            if (RoutePhrases.isEdit(clause)) return Route.of(Task.EDIT, "edit phrasing");
            if (RoutePhrases.isFresh(clause)) {
                return input.hasImage()
                        ? Route.of(Task.SIMILAR, "fresh request with an attached reference image")
                        : Route.of(Task.GENERATE, "fresh request; the earlier image is not used");
            }
        }
        if (RoutePhrases.isEditAnywhere(phrasing)) return Route.of(Task.EDIT, "edit phrasing");
        return input.hasImage()
                ? Route.of(Task.SIMILAR, "attached image without an edit request")
                : Route.of(Task.GENERATE, "new request after an earlier image");
    }

    private static Route outpaint(RouteInput input, Phrasing phrasing, String reason) {
        Direction direction = input.direction() != null ? input.direction() : RoutePhrases.direction(phrasing);
        double amount = input.amount() != null && input.amount() > 0
                ? input.amount() : RoutePhrases.amount(phrasing).orElse(DEFAULT_AMOUNT);
        return new Route(Task.OUTPAINT, direction, Math.min(MAX_AMOUNT, amount), reason);
    }
}
