package dev.atelier.core.rules.moderation;

/**
 * The text a regular expression runs over, which gives up when time is out. Java's regex engine
 * backtracks, so a pattern such as {@code (a+)+b} can run for minutes on forty characters; the
 * engine reads the text through {@link #charAt}, which is the one place we can stop it.
 */
final class DeadlineText implements CharSequence {

    /** Thrown out of the matcher when the deadline has passed. */
    static final class TimedOut extends RuntimeException {
        TimedOut() {
            super("the regular expression ran out of time", null, false, false);
        }
    }

    private final CharSequence text;
    private final long deadline;
    private int reads;

    DeadlineText(CharSequence text, long deadlineNanos) {
        this.text = text;
        this.deadline = deadlineNanos;
    }

    @Override
    public char charAt(int index) {
        // nanoTime is cheap but not free: look at the clock every thousand reads.
        if ((++reads & 0x3FF) == 0 && System.nanoTime() - deadline > 0) throw new TimedOut();
        return text.charAt(index);
    }

    @Override
    public int length() {
        return text.length();
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        return new DeadlineText(text.subSequence(start, end), deadline);
    }

    @Override
    public String toString() {
        return text.toString();
    }
}
