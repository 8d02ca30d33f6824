package dev.atelier.discord;

/** The words and bars a Discord user reads while a job runs, and the length rules. */
final class ProgressText {

    /** Discord refuses message content over 2,000 characters. */
    static final int CONTENT_LIMIT = 2000;
    /** And an embed description over 4,096. */
    static final int DESCRIPTION_LIMIT = 4096;
    private static final int BAR_CELLS = 10;

    private ProgressText() {
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

    static String fit(String text, int limit) {
        if (text.length() <= limit) return text;
        int cut = text.lastIndexOf(' ', limit - 1);
        if (cut < limit / 2) cut = limit - 1;
        return text.substring(0, cut).stripTrailing() + "…";
    }
}
