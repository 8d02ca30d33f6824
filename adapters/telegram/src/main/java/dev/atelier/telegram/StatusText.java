package dev.atelier.telegram;

import dev.atelier.core.delivery.StatusWords;

/**
 * Telegram's length rules, the caption cut and the help text; the queue and progress words are
 * {@link StatusWords}, shared with Discord.
 */
final class StatusText {

    /** Telegram refuses a photo caption over 1,024 characters. */
    static final int CAPTION_LIMIT = 1024;
    /** And a text message over 4,096. */
    static final int MESSAGE_LIMIT = 4096;

    private StatusText() {
    }

    /** The caption for a prompt: whole when it fits, else cut at a word with an ellipsis. */
    static String caption(String prompt) {
        return StatusWords.fit(prompt, CAPTION_LIMIT);
    }

    static boolean fitsCaption(String prompt) {
        return prompt.length() <= CAPTION_LIMIT;
    }

    static final String HELP = """
            I am Atelier: tell me what to paint and I write a detailed prompt and make the picture.

            • Send any text, or /imagine <what to paint>, for a new picture.
            • Send a photo (with a caption to say what to change) for a similar picture; an album counts as one.
            • Follow up in words: "make it night", "add a red boat".
            • Reply to one of my pictures with words, or to any picture with /edit <what to change>, to change it.
            • /outpaint left|right|up|down|all [amount] extends a picture; /reset starts a new conversation.
            • Under each picture: Regenerate (a new seed), Variations, ⬅ ➡ ⬆ ⬇ to extend it, Zoom out.
            • In a group, mention me, reply to me or use a command; everyone has their own conversation with me.""";
}
