package dev.atelier.core.delivery;

import java.util.Optional;

/**
 * The buttons under a delivered result, whatever the platform draws them with. A button carries
 * only {@code <code>:<key>:<image>}: the key is the result's {@link DeliveryLedger.Delivery#actionKey()},
 * so the image, prompt and seed stay server side and a button id stays far below every platform's
 * limit (Telegram 64 bytes, Discord 100 characters). Both adapters read and write these codes, so
 * a code never changes: buttons already posted carry it.
 */
public enum ResultAction {
    REGENERATE("r", "🔄 Regenerate", "Regenerating…", "generate", null),
    VARIATIONS("v", "🎲 Variations", "Making variations…", "similar", null),
    LEFT("L", "⬅", "Extending to the left…", "outpaint", "left"),
    RIGHT("R", "➡", "Extending to the right…", "outpaint", "right"),
    UP("U", "⬆", "Extending upwards…", "outpaint", "up"),
    DOWN("D", "⬇", "Extending downwards…", "outpaint", "down"),
    ZOOM_OUT("Z", "🔍 Zoom out", "Zooming out…", "outpaint", "all");

    /** Short, stable: it is stored in buttons already posted. */
    public final String code;
    public final String label;
    /** What the person is told at once when they press it. */
    public final String toast;
    /** The bot-core task the press starts. */
    public final String task;
    /** The outpainting direction, for the arrows and Zoom out. */
    public final String direction;

    ResultAction(String code, String label, String toast, String task, String direction) {
        this.code = code;
        this.label = label;
        this.toast = toast;
        this.task = task;
        this.direction = direction;
    }

    /** A pressed button read back: which action, on which result, on which of its images. */
    public record Press(ResultAction action, String key, int image) {
        /** The same action on the same result: presses with one of these are one job while it runs. */
        public String target() {
            return action.code + ":" + key;
        }
    }

    public String data(String key, int image) {
        return code + ":" + key + ":" + image;
    }

    /** Empty for anything that is not one of our buttons (old, foreign or malformed). */
    public static Optional<Press> parse(String data) {
        if (data == null) return Optional.empty();
        String[] p = data.split(":");
        if (p.length != 3 || p[1].isEmpty()) return Optional.empty();
        for (ResultAction a : values()) {
            if (a.code.equals(p[0])) {
                try {
                    return Optional.of(new Press(a, p[1], Integer.parseInt(p[2])));
                } catch (NumberFormatException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }
}
