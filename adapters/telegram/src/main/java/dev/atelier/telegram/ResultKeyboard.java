package dev.atelier.telegram;

import dev.atelier.core.delivery.ResultAction;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.InlineKeyboardMarkup;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.InlineKeyboardButton;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.InlineKeyboardRow;

import java.util.List;

/**
 * The buttons under a result, drawn as Telegram's inline keyboard. callback_data is
 * {@link ResultAction#data}, {@code <code>:<key>:<image>} (about 16 bytes of Telegram's 64): the
 * key finds the job in the delivery ledger, so nothing about the image, prompt or seed travels
 * through the client.
 */
final class ResultKeyboard {

    private ResultKeyboard() {
    }

    static InlineKeyboardMarkup keyboard(String key, int image) {
        return InlineKeyboardMarkup.builder()
                .keyboardRow(row(key, image, ResultAction.REGENERATE, ResultAction.VARIATIONS))
                .keyboardRow(row(key, image, ResultAction.LEFT, ResultAction.RIGHT, ResultAction.UP, ResultAction.DOWN))
                .keyboardRow(row(key, image, ResultAction.ZOOM_OUT))
                .build();
    }

    private static InlineKeyboardRow row(String key, int image, ResultAction... actions) {
        return new InlineKeyboardRow(List.of(actions).stream()
                .map(a -> InlineKeyboardButton.builder().text(a.label).callbackData(a.data(key, image)).build())
                .toList());
    }
}
