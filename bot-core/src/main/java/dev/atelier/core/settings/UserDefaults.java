package dev.atelier.core.settings;

import dev.atelier.core.image.StylePreset;
import dev.atelier.core.turn.RejectedTurnException;
import dev.atelier.core.turn.RejectedTurnException.Reason;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one person set as their own defaults with {@code /settings} (Telegram, Discord): used for
 * every message of theirs that does not say otherwise. {@code null} fields fall back to the
 * configured defaults. A message's own {@code --ar}, {@code --style}, seed or steps always win.
 *
 * @param steps  denoising steps
 * @param aspect a shape such as {@code 16:9}, turned into a size at about the default pixel count;
 *               a task that starts from an image keeps that image's size
 * @param style  a {@link StylePreset} name
 * @param seed   a fixed seed (the same prompt makes the same picture), or {@code null} for a new
 *               random seed each time
 */
public record UserDefaults(Integer steps, String aspect, String style, Long seed) {

    public static final UserDefaults NONE = new UserDefaults(null, null, null, null);

    private static final Pattern ASPECT = Pattern.compile("\\s*(\\d{1,3})\\s*:\\s*(\\d{1,3})\\s*");

    public boolean isEmpty() {
        return steps == null && aspect == null && style == null && seed == null;
    }

    public UserDefaults withSteps(Integer value) {
        return new UserDefaults(value, aspect, style, seed);
    }

    public UserDefaults withAspect(String value) {
        return new UserDefaults(steps, value, style, seed);
    }

    public UserDefaults withStyle(String value) {
        return new UserDefaults(steps, aspect, value, seed);
    }

    public UserDefaults withSeed(Long value) {
        return new UserDefaults(steps, aspect, style, value);
    }

    /** The aspect as {@code {w, h}}, or {@code null} when none is set. */
    public int[] aspectRatio() {
        if (aspect == null) return null;
        Matcher m = ASPECT.matcher(aspect);
        if (!m.matches()) return null;
        return new int[]{Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))};
    }

    /**
     * These defaults as they may be stored: blank values dropped, the style's canonical name, or a
     * {@link RejectedTurnException} (INVALID) that says what is wrong in words a chat user reads.
     */
    public UserDefaults validated(int maxSteps) {
        Integer s = steps;
        if (s != null && (s < 1 || s > maxSteps)) {
            throw invalid("steps must be between 1 and " + maxSteps + "; got " + s + ".");
        }
        String a = aspect == null || aspect.isBlank() ? null : aspect.strip();
        if (a != null) {
            Matcher m = ASPECT.matcher(a);
            if (!m.matches()) throw invalid("The aspect is written like 16:9; got '" + a + "'.");
            int w = Integer.parseInt(m.group(1));
            int h = Integer.parseInt(m.group(2));
            if (w < 1 || h < 1 || w > 4 * h || h > 4 * w) {
                throw invalid("The aspect must be between 1:4 and 4:1; got " + w + ":" + h + ".");
            }
            a = w + ":" + h;
        }
        String st = style == null || style.isBlank() ? null : StylePreset.find(style)
                .orElseThrow(() -> invalid("Unknown style '" + style.strip() + "'. Use one of: " + StylePreset.names() + "."))
                .name();
        if (seed != null && seed < 0) throw invalid("seed must be 0 or more; got " + seed + ".");
        return new UserDefaults(s, a, st, seed);
    }

    private static RejectedTurnException invalid(String message) {
        return new RejectedTurnException(Reason.INVALID, message);
    }
}
