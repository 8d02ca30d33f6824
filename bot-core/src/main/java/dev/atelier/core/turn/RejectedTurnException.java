package dev.atelier.core.turn;

/**
 * A turn refused before anything was stored. Adapters show the message to the user as it is,
 * so it says what was wrong and what is allowed.
 */
public final class RejectedTurnException extends RuntimeException {

    private final Reason reason;

    public RejectedTurnException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    public enum Reason {
        /** A value out of range, a missing field, an unknown name. */
        INVALID,
        /** The conversation (or job) named does not exist. */
        NOT_FOUND,
        /** An upload over the byte or pixel limit. */
        TOO_LARGE,
        /** An upload that is not an image we can read. */
        UNSUPPORTED_MEDIA
    }
}
