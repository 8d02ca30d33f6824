package dev.atelier.web.api;

import dev.atelier.core.turn.RejectedTurnException;
import dev.atelier.core.turn.RejectedTurnException.Reason;

/**
 * Form fields arrive as text; a value that is not a number gets a message naming the field,
 * which a framework conversion error would not.
 */
final class Numbers {

    private Numbers() {
    }

    static Integer integer(String field, String value) {
        if (blank(value)) return null;
        try {
            return Integer.valueOf(value.strip());
        } catch (NumberFormatException e) {
            throw new RejectedTurnException(Reason.INVALID, field + " must be a whole number; got '" + value + "'.");
        }
    }

    static Long seed(String value) {
        if (blank(value)) return null;
        try {
            return Long.valueOf(value.strip());
        } catch (NumberFormatException e) {
            throw new RejectedTurnException(Reason.INVALID, "seed must be a whole number; got '" + value + "'.");
        }
    }

    static Double decimal(String field, String value) {
        if (blank(value)) return null;
        try {
            double d = Double.parseDouble(value.strip());
            if (!Double.isFinite(d)) throw new NumberFormatException();
            return d;
        } catch (NumberFormatException e) {
            throw new RejectedTurnException(Reason.INVALID, field + " must be a number; got '" + value + "'.");
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
