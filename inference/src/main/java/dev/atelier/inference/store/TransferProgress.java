package dev.atelier.inference.store;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Download progress on stderr: file, bytes so far, percent (when the size is known) and rate.
 * On a terminal the line is redrawn in place; in a log (no console) a line is printed every few
 * seconds instead, so a CI log is not flooded with carriage returns.
 */
final class TransferProgress {

    private final PrintStream out;
    private final boolean terminal;
    private final long intervalNanos;
    private String file;
    private long total;
    private long startBytes;
    private long startNanos;
    private long lastPrintNanos;

    TransferProgress(PrintStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
        this.intervalNanos = terminal ? 200_000_000L : 5_000_000_000L;
    }

    /** A file starts (or resumes at {@code already} bytes); {@code total} is -1 when unknown. */
    void start(String file, long already, long total) {
        this.file = file;
        this.total = total;
        this.startBytes = already;
        this.startNanos = System.nanoTime();
        this.lastPrintNanos = startNanos;
        if (already > 0) out.printf(Locale.ROOT, "  %s: resuming at %s%n", file, bytes(already));
    }

    void advance(long done) {
        long now = System.nanoTime();
        if (now - lastPrintNanos < intervalNanos) return;
        lastPrintNanos = now;
        print(done, now, false);
    }

    void finish(long done) {
        print(done, System.nanoTime(), true);
    }

    void note(String message) {
        if (terminal) out.print("\r\033[K");
        out.println("  " + message);
    }

    private void print(long done, long now, boolean last) {
        double seconds = Math.max(1e-3, (now - startNanos) / 1e9);
        String rate = bytes((long) ((done - startBytes) / seconds)) + "/s";
        String size = total >= 0
                ? String.format(Locale.ROOT, "%s / %s %3d%%", bytes(done), bytes(total), total == 0 ? 100 : done * 100 / total)
                : bytes(done);
        String line = String.format(Locale.ROOT, "  %-32s %s  %s", file, size, rate);
        if (terminal) {
            out.print("\r\033[K" + line + (last ? "\n" : ""));
        } else {
            out.println(line);
        }
        out.flush();
    }

    static String bytes(long n) {
        if (n < 1024) return n + " B";
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double value = n;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }
}
