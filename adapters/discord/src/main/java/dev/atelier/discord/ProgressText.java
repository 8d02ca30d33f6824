package dev.atelier.discord;

/**
 * Discord's length rules for the words a person reads; the words themselves are
 * {@link dev.atelier.core.delivery.StatusWords}, shared with Telegram.
 */
final class ProgressText {

    /** Discord refuses message content over 2,000 characters. */
    static final int CONTENT_LIMIT = 2000;
    /** And an embed description over 4,096. */
    static final int DESCRIPTION_LIMIT = 4096;

    private ProgressText() {
    }
}
