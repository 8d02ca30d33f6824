package dev.atelier.core.rules.safety;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What happens to an image the safety classifier scores at or over the threshold. */
public enum SafetyAction {
    /** A heavily blurred copy is stored and delivered instead; the original is kept for review only. */
    BLUR,
    /** No image is delivered: the job fails with a message saying why. */
    BLOCK,
    /** The image is delivered as it is, and put in the review queue. */
    FLAG;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static SafetyAction byName(String name) {
        String wanted = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(a -> a.wireName().equals(wanted)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("safety action '" + name + "' is not one of: "
                        + Arrays.stream(values()).map(SafetyAction::wireName).collect(Collectors.joining(", "))));
    }
}
