package dev.atelier.core.prompt;

/**
 * Port: the multimodal language model that answers a user turn in the LLMGA protocol: plain
 * text with each generation prompt inside {@code <gen_image> … </gen_image>}.
 */
public interface PromptModel {

    /** The raw reply, tags included; {@link dev.atelier.core.llmga.LlmgaReplyParser} splits it. */
    String reply(PromptRequest request);

    /** A short name for logs, health and the README ("offline refiner", "openai:llava"). */
    String name();
}
