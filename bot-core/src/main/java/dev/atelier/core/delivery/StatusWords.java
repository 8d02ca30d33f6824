package dev.atelier.core.delivery;

/**
 * The words and bar a person reads while a job waits and runs, the same on every platform. Each
 * adapter keeps only its own length limits and passes them to {@link #fit}.
 */
public final class StatusWords {

    /** Ten cells: one per ten percent reads at a glance and fits in any caption or button toast. */
    private static final int BAR_CELLS = 10;

    private StatusWords() {
    }

    /** Queue positions count from one for people; the job queue counts from zero. */
    public static String queued(int position) {
        return "Refining your prompt… queued, position " + (position + 1);
    }

    public static String progress(int step, int steps) {
        int percent = percent(step, steps);
        int full = percent * BAR_CELLS / 100;
        return "Painting… " + "▓".repeat(full) + "░".repeat(BAR_CELLS - full) + " " + percent + "%";
    }

    /** Clamped, because a pipeline may report a step before the first or after the last. */
    public static int percent(int step, int steps) {
        if (steps <= 0) return 0;
        return Math.max(0, Math.min(100, step * 100 / steps));
    }

    /**
     * The text whole when it fits the platform's limit, else cut at a word with an ellipsis. A text
     * with no space in its second half is cut mid-word rather than losing more than half of it.
     */
    public static String fit(String text, int limit) {
        if (text.length() <= limit) return text;
        int cut = text.lastIndexOf(' ', limit - 1);
        if (cut < limit / 2) cut = limit - 1;
        return text.substring(0, cut).stripTrailing() + "…";
    }
}
