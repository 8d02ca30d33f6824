package dev.atelier.core.prompt;

import dev.atelier.core.image.Task;

import java.util.List;

/**
 * What the prompt model sees for one turn.
 *
 * @param userText       what the user wrote (may be empty when only an image was sent)
 * @param task           the task the router chose for this turn
 * @param images         images attached to this turn (bytes and MIME type), oldest first
 * @param history        earlier turns of the conversation, oldest first
 * @param previousPrompt the last generation prompt of the conversation, or {@code null}
 * @param style          the {@link dev.atelier.core.image.StylePreset} name the turn runs with, or
 *                       {@code null}: its words are added to every prompt afterwards, so the model
 *                       should describe the content and leave medium and style to it
 */
public record PromptRequest(String userText, Task task, List<ImageInput> images,
                            List<HistoryTurn> history, String previousPrompt, String style) {

    public PromptRequest {
        userText = userText == null ? "" : userText;
        images = List.copyOf(images);
        history = List.copyOf(history);
        style = style == null || style.isBlank() ? null : style;
    }

    /** A request without a chosen style, as every caller made them before styles reached the model. */
    public PromptRequest(String userText, Task task, List<ImageInput> images, List<HistoryTurn> history,
                         String previousPrompt) {
        this(userText, task, images, history, previousPrompt, null);
    }

    /** An image given to the model. */
    public record ImageInput(byte[] bytes, String contentType) {
    }

    /** One earlier turn: who spoke, the visible text and the generation prompts it carried. */
    public record HistoryTurn(boolean fromUser, String text, List<String> prompts) {
    }
}
