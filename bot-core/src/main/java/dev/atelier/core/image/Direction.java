package dev.atelier.core.image;

import java.util.Locale;
import java.util.Optional;

/** Where an outpainting grows the canvas; {@link #ALL} is "zoom out". */
public enum Direction {
    LEFT, RIGHT, UP, DOWN, ALL;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Direction> fromWireName(String name) {
        if (name == null) return Optional.empty();
        for (Direction d : values()) {
            if (d.wireName().equals(name.trim().toLowerCase(Locale.ROOT))) return Optional.of(d);
        }
        return Optional.empty();
    }
}
