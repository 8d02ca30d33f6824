package dev.atelier.core.turn;

import java.time.Duration;

/**
 * A turn refused before anything was stored. Adapters show the message to the user as it is,
 * so it says what was wrong and what is allowed.
 */
public final class RejectedTurnException extends RuntimeException {

    private final Reason reason;
    private final Duration retryAfter;

    public RejectedTurnException(Reason reason, String message) {
        this(reason, message, null);
    }

    /** A refusal that passes: {@code retryAfter} says when the same message would be accepted. */
    public RejectedTurnException(Reason reason, String message, Duration retryAfter) {
        super(message);
        this.reason = reason;
        this.retryAfter = retryAfter;
    }

    public Reason reason() {
        return reason;
    }

    /** When to come back ({@code RATE_LIMITED}, {@code QUOTA_EXCEEDED}); null when waiting does not help. */
    public Duration retryAfter() {
        return retryAfter;
    }

    public enum Reason {
        /** A value out of range, a missing field, an unknown name. */
        INVALID,
        /** The conversation (or job) named does not exist. */
        NOT_FOUND,
        /** An upload over the byte or pixel limit. */
        TOO_LARGE,
        /** An upload that is not an image we can read. */
        UNSUPPORTED_MEDIA,
        /** The platform identity or its user is banned. */
        BANNED,
        /** Too many messages too fast, from this user or in this chat; {@link #retryAfter} says when to come back. */
        RATE_LIMITED,
        /** The user's images for today are used up; {@link #retryAfter} is the time until the next day (UTC). */
        QUOTA_EXCEEDED,
        /** A moderation rule refused the text; the message is the rule's reason. */
        BLOCKED
    }
}
