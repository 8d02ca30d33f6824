package dev.atelier.inference.mllm;

import dev.atelier.core.image.Task;
import dev.atelier.core.prompt.PromptRequest;
import dev.atelier.core.prompt.PromptRequest.HistoryTurn;
import dev.atelier.core.prompt.PromptRequest.ImageInput;
import io.micronaut.json.tree.JsonNode;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the body of an OpenAI-style {@code POST /chat/completions} for one turn: a system
 * message that teaches the LLMGA protocol, the conversation so far as user/assistant messages,
 * and the user's turn with its images as {@code image_url} parts holding data URLs (the form
 * vLLM, Ollama, llama.cpp server and LM Studio all accept).
 */
final class ChatMessages {

    /**
     * Low enough that the prompt stays faithful to the request, high enough that "another one"
     * does not come back word for word.
     */
    static final double TEMPERATURE = 0.4;

    /** A short answer plus a few detailed prompts fits well within this; it stops a runaway model. */
    static final int MAX_TOKENS = 768;

    /** Earlier turns sent along; older ones cost context and rarely change the next prompt. */
    static final int MAX_HISTORY_TURNS = 20;

    static final String SYSTEM_PROMPT = """
            You are Atelier, an image-generation assistant in a chat. You follow the LLMGA protocol.
            Answer the user briefly and warmly in plain text (one or two sentences). Then, for each image \
            to make, write one detailed generation prompt inside <gen_image> and </gen_image> tags, for \
            example: <gen_image>a red fox curled up in fresh snow, soft morning light, shallow depth of \
            field, highly detailed photograph</gen_image>. Usually make exactly one image; make several \
            only when the user asks for several.
            A good prompt names the subject first, then the setting, style, lighting, composition and \
            quality, as comma-separated phrases, in English, under 60 words. Never put anything but the \
            prompt inside the tags, and never mention the tags in your answer.
            On a follow-up ("make it night", "now add a red boat", "without the tree"), rewrite the \
            previous prompt with the change applied: keep everything the user did not ask to change, \
            replace what conflicts, add what is new, drop what they want removed.
            When the user sends an image and asks for something similar, describe that image in detail \
            (subject, style, colours, composition, lighting) and write the prompt from that description, \
            with any change they asked for.
            For an edit of an image, write the prompt as a description of the image as it should look \
            after the edit, not as an instruction.""";

    private static final Map<Task, String> TASK_HINTS = Map.of(
            Task.GENERATE, "This turn makes a new image from text.",
            Task.SIMILAR, "This turn makes an image similar to the attached or last image: describe it, then write the prompt.",
            Task.EDIT, "This turn edits the attached or last image: the prompt describes the image after the edit.",
            Task.INPAINT, "This turn repaints the masked part of an image: the prompt describes the whole image with the new part.",
            Task.OUTPAINT, "This turn extends the canvas of an image: the prompt describes the whole, wider scene.");

    private ChatMessages() {
    }

    static JsonNode body(String model, PromptRequest request) {
        Map<String, JsonNode> body = new LinkedHashMap<>();
        body.put("model", text(model));
        body.put("messages", JsonNode.createArrayNode(messages(request)));
        body.put("temperature", JsonNode.createNumberNode(TEMPERATURE));
        body.put("max_tokens", JsonNode.createNumberNode(MAX_TOKENS));
        body.put("stream", JsonNode.createBooleanNode(false));
        return JsonNode.createObjectNode(body);
    }

    private static List<JsonNode> messages(PromptRequest request) {
        List<JsonNode> messages = new ArrayList<>();
        messages.add(message("system", text(system(request))));
        List<HistoryTurn> history = request.history();
        for (HistoryTurn turn : history.subList(Math.max(0, history.size() - MAX_HISTORY_TURNS), history.size())) {
            String content = turn.fromUser() ? nullToEmpty(turn.text()) : assistantContent(turn);
            if (!content.isBlank()) messages.add(message(turn.fromUser() ? "user" : "assistant", text(content)));
        }
        messages.add(message("user", userContent(request)));
        return messages;
    }

    private static String system(PromptRequest request) {
        StringBuilder s = new StringBuilder(SYSTEM_PROMPT);
        Task task = request.task() == null ? Task.GENERATE : request.task();
        s.append("\n").append(TASK_HINTS.get(task));
        if (request.previousPrompt() != null && !request.previousPrompt().isBlank()) {
            s.append("\nThe last image of this conversation was made from this prompt: ")
                    .append(request.previousPrompt().strip());
        }
        if (request.style() != null) {
            s.append("\nThe user chose the style preset \"").append(request.style()).append("\": its words are added to")
                    .append(" every prompt afterwards, so describe the content only and add no medium, art style,")
                    .append(" lighting style or quality words of your own.");
        }
        return s.toString();
    }

    /** The assistant's earlier prompts go back inside their tags, so the model sees the protocol in use. */
    private static String assistantContent(HistoryTurn turn) {
        StringBuilder s = new StringBuilder(nullToEmpty(turn.text()).strip());
        for (String prompt : turn.prompts() == null ? List.<String>of() : turn.prompts()) {
            if (!s.isEmpty()) s.append('\n');
            s.append("<gen_image>").append(prompt).append("</gen_image>");
        }
        return s.toString();
    }

    /**
     * Plain text when there is no image, because some text-only servers reject content arrays;
     * the array form with {@code image_url} parts otherwise.
     */
    private static JsonNode userContent(PromptRequest request) {
        String userText = request.userText().isBlank() && !request.images().isEmpty()
                ? "(The user sent this image without words.)" : request.userText();
        if (request.images().isEmpty()) return text(userText);
        List<JsonNode> parts = new ArrayList<>();
        parts.add(JsonNode.createObjectNode(Map.of("type", text("text"), "text", text(userText))));
        for (ImageInput image : request.images()) {
            parts.add(JsonNode.createObjectNode(Map.of(
                    "type", text("image_url"),
                    "image_url", JsonNode.createObjectNode(Map.of("url", text(dataUrl(image)))))));
        }
        return JsonNode.createArrayNode(parts);
    }

    static String dataUrl(ImageInput image) {
        String type = image.contentType() == null || image.contentType().isBlank() ? "image/png" : image.contentType();
        return "data:" + type + ";base64," + Base64.getEncoder().encodeToString(image.bytes());
    }

    private static JsonNode message(String role, JsonNode content) {
        Map<String, JsonNode> m = new LinkedHashMap<>();
        m.put("role", text(role));
        m.put("content", content);
        return JsonNode.createObjectNode(m);
    }

    private static JsonNode text(String s) {
        return JsonNode.createStringNode(s);
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
