package dev.atelier.telegram;

import org.telegram.telegrambots.meta.api.objects.replykeyboard.InlineKeyboardMarkup;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.InlineKeyboardButton;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.InlineKeyboardRow;

import java.util.List;
import java.util.Optional;

/**
 * The buttons under a result. callback_data carries only {@code <code>:<key>:<image>} (about 16
 * bytes of Telegram's 64): the key finds the job in the delivery ledger, so nothing about the
 * image, prompt or seed travels through the client.
 */
enum ButtonAction {
    REGENERATE("r", "🔄 Regenerate", "Regenerating…", "generate", null),
    VARIATIONS("v", "🎲 Variations", "Making variations…", "similar", null),
    LEFT("L", "⬅", "Extending to the left…", "outpaint", "left"),
    RIGHT("R", "➡", "Extending to the right…", "outpaint", "right"),
    UP("U", "⬆", "Extending upwards…", "outpaint", "up"),
    DOWN("D", "⬇", "Extending downwards…", "outpaint", "down"),
    ZOOM_OUT("Z", "🔍 Zoom out", "Zooming out…", "outpaint", "all");

    final String code;
    final String label;
    final String toast;
    final String task;
    final String direction;

    ButtonAction(String code, String label, String toast, String task, String direction) {
        this.code = code;
        this.label = label;
        this.toast = toast;
        this.task = task;
        this.direction = direction;
    }

    /** A pressed button, read back from its callback_data. */
    record Press(ButtonAction action, String key, int image) {
    }

    static String data(ButtonAction action, String key, int image) {
        return action.code + ":" + key + ":" + image;
    }

    static Optional<Press> parse(String data) {
        if (data == null) return Optional.empty();
        String[] p = data.split(":");
        if (p.length != 3 || p[1].isEmpty()) return Optional.empty();
        for (ButtonAction a : values()) {
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

    static InlineKeyboardMarkup keyboard(String key, int image) {
        return InlineKeyboardMarkup.builder()
                .keyboardRow(row(key, image, REGENERATE, VARIATIONS))
                .keyboardRow(row(key, image, LEFT, RIGHT, UP, DOWN))
                .keyboardRow(row(key, image, ZOOM_OUT))
                .build();
    }

    private static InlineKeyboardRow row(String key, int image, ButtonAction... actions) {
        return new InlineKeyboardRow(List.of(actions).stream()
                .map(a -> InlineKeyboardButton.builder().text(a.label).callbackData(data(a, key, image)).build())
                .toList());
    }
}
