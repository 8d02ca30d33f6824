package dev.atelier.telegram;

/** The words and bars a Telegram user reads while a job runs, and the caption rules. */
final class StatusText {

    /** Telegram refuses a photo caption over 1,024 characters. */
    static final int CAPTION_LIMIT = 1024;
    /** And a text message over 4,096. */
    static final int MESSAGE_LIMIT = 4096;
    private static final int BAR_CELLS = 10;

    private StatusText() {
    }

    static String queued(int position) {
        return "Refining your prompt… queued, position " + (position + 1);
    }

    static String progress(int step, int steps) {
        int percent = percent(step, steps);
        int full = percent * BAR_CELLS / 100;
        return "Painting… " + "▓".repeat(full) + "░".repeat(BAR_CELLS - full) + " " + percent + "%";
    }

    static int percent(int step, int steps) {
        if (steps <= 0) return 0;
        return Math.max(0, Math.min(100, step * 100 / steps));
    }

    /** The caption for a prompt: whole when it fits, else cut at a word with an ellipsis. */
    static String caption(String prompt) {
        return fit(prompt, CAPTION_LIMIT);
    }

    static boolean fitsCaption(String prompt) {
        return prompt.length() <= CAPTION_LIMIT;
    }

    static String fit(String text, int limit) {
        if (text.length() <= limit) return text;
        int cut = text.lastIndexOf(' ', limit - 1);
        if (cut < limit / 2) cut = limit - 1;
        return text.substring(0, cut).stripTrailing() + "…";
    }

    static final String HELP = """
            I am Atelier: tell me what to paint and I write a detailed prompt and make the picture.

            • Send any text, or /imagine <what to paint>, for a new picture.
            • Send a photo (with a caption to say what to change) for a similar picture.
            • Follow up in words: "make it night", "add a red boat".
            • Under each picture: Regenerate (a new seed), Variations, ⬅ ➡ ⬆ ⬇ to extend it, Zoom out.""";
}
