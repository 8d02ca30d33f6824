package dev.atelier.core.image;

import java.util.Locale;
import java.util.Optional;

/** The five things an LLMGA assistant does with a generation prompt. */
public enum Task {
    /** Text to image from the refined prompt. */
    GENERATE,
    /** "Something like this": a new image from a description of (and optionally from) a given one. */
    SIMILAR,
    /** Repaint the masked part of an image. */
    INPAINT,
    /** Grow the canvas in a direction and paint the new area. */
    OUTPAINT,
    /** Change an image by instruction ("make it night") while keeping its layout. */
    EDIT;

    /** The name used on the wire and in the database: {@code generate}, {@code inpaint}, … */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Task> fromWireName(String name) {
        if (name == null) return Optional.empty();
        for (Task t : values()) {
            if (t.wireName().equals(name.trim().toLowerCase(Locale.ROOT))) return Optional.of(t);
        }
        return Optional.empty();
    }
}
