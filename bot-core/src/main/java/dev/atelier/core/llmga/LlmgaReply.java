package dev.atelier.core.llmga;

import java.util.List;

/**
 * A prompt model's reply split by the LLMGA protocol.
 *
 * @param text    what the user reads: the reply with the tags and prompts taken out
 * @param prompts the generation prompts, one per non-empty {@code <gen_image>} span, in order
 */
public record LlmgaReply(String text, List<String> prompts) {
    public LlmgaReply {
        prompts = List.copyOf(prompts);
    }
}
