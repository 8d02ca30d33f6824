package dev.atelier.core.rules.moderation;

/**
 * The text a regular expression runs over, which gives up when its read budget is spent. Java's
 * regex engine backtracks, so a pattern such as {@code (a+)+b} can run for minutes on forty
 * characters; the engine reads the text through {@link #charAt}, which is the one place we can
 * stop it.
 *
 * <p>The budget counts character reads, not time: a sane pattern reads each character a few
 * times, a catastrophic one exponentially often, and a count tells them apart the same way on a
 * fast idle machine and on a busy one where a clock would also measure the other processes.
 */
final class DeadlineText implements CharSequence {

    /** Thrown out of the matcher when the budget is spent. */
    static final class TimedOut extends RuntimeException {
        TimedOut() {
            super("the regular expression ran out of its budget", null, false, false);
        }
    }

    /** Reads left; shared by a text and its sub-sequences, and by every rule of one check. */
    static final class Budget {
        private long left;

        Budget(long reads) {
            this.left = reads;
        }
    }

    private final CharSequence text;
    private final Budget budget;

    DeadlineText(CharSequence text, Budget budget) {
        this.text = text;
        this.budget = budget;
    }

    @Override
    public char charAt(int index) {
        if (--budget.left < 0) throw new TimedOut();
        return text.charAt(index);
    }

    @Override
    public int length() {
        return text.length();
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        return new DeadlineText(text.subSequence(start, end), budget);
    }

    @Override
    public String toString() {
        return text.toString();
    }
}
