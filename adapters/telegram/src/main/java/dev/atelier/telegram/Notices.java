package dev.atelier.telegram;

/** Keys each noticed until a deadline; bounded by dropping the expired ones as it grows. */
final class Notices {
    private final java.util.concurrent.ConcurrentHashMap<String, Long> until = new java.util.concurrent.ConcurrentHashMap<>();

    /** True when {@code key} has no notice running (and starts one for {@code wait}); false while one runs. */
    boolean firstIn(String key, java.time.Duration wait) {
        long now = System.nanoTime();
        long end = now + (wait == null ? java.time.Duration.ofSeconds(10) : wait).toNanos();
        if (until.size() > 10_000) until.values().removeIf(t -> t - now < 0);
        boolean[] first = {false};
        until.compute(key, (k, t) -> {
            if (t != null && t - now > 0) return t;
            first[0] = true;
            return end;
        });
        return first[0];
    }
}
