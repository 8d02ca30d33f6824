package dev.atelier.discord;

import dev.atelier.core.delivery.ResultAction;
import net.dv8tion.jda.api.components.label.Label;
import net.dv8tion.jda.api.components.textinput.TextInput;
import net.dv8tion.jda.api.components.textinput.TextInputStyle;
import net.dv8tion.jda.api.modals.Modal;

import java.util.Optional;

/**
 * The ✏️ Edit button under a result and the form it opens. Discord-only (Telegram has no
 * forms), so its ids sit beside {@link ResultAction}'s with letters that enum does not use:
 * the button {@code e:<key>:<image>}, the form {@code edit:<key>:<image>}.
 */
final class EditForm {

    static final String BUTTON_PREFIX = "e:";
    static final String LABEL = "✏️ Edit";
    static final String INSTRUCTION = "instruction";
    private static final String FORM_PREFIX = "edit:";

    private EditForm() {
    }

    static String buttonId(String key, int image) {
        return BUTTON_PREFIX + key + ":" + image;
    }

    /** The form: one line of instruction. A malformed button id gets the usual "expired". */
    static void open(Interaction press) {
        Optional<Target> target = parse(press.customId().substring(BUTTON_PREFIX.length()));
        if (target.isEmpty()) {
            press.answerEphemeral(ButtonPresses.EXPIRED);
            return;
        }
        TextInput input = TextInput.create(INSTRUCTION, TextInputStyle.PARAGRAPH)
                .setPlaceholder("make it night, add a red umbrella, …")
                .setRequiredRange(1, ImagineCommand.MAX_PROMPT).build();
        press.openModal(Modal.create(FORM_PREFIX + target.get().key() + ":" + target.get().image(), "Edit this picture")
                .addComponents(Label.of("What should change?", input)).build());
    }

    /** The picture a submitted form is about; empty for anything else. */
    static Optional<Target> target(String formId) {
        return formId.startsWith(FORM_PREFIX) ? parse(formId.substring(FORM_PREFIX.length())) : Optional.empty();
    }

    private static Optional<Target> parse(String keyAndImage) {
        String[] p = keyAndImage.split(":");
        if (p.length != 2 || p[0].isEmpty()) return Optional.empty();
        try {
            return Optional.of(new Target(p[0], Integer.parseInt(p[1])));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    record Target(String key, int image) {
        /** For {@link dev.atelier.core.delivery.PressedResults#find}, which reads only the key. */
        ResultAction.Press lookup() {
            return new ResultAction.Press(ResultAction.VARIATIONS, key, image);
        }
    }
}
