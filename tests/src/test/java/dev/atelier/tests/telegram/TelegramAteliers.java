package dev.atelier.tests.telegram;

import java.util.Map;

/** The settings that put an Atelier's Telegram bot on a fake Bot API, with quick small jobs. */
final class TelegramAteliers {

    private TelegramAteliers() {
    }

    static Map<String, Object> settings(FakeTelegram telegram) {
        return Map.of(
                "atelier.telegram.token", FakeTelegram.TOKEN,
                "atelier.telegram.api-url", telegram.url(),
                // Short long polls: the bot stops within a second when a test ends.
                "atelier.telegram.poll-timeout", 1,
                "atelier.telegram.progress-interval", "50ms",
                "atelier.telegram.sweep-interval", "1s",
                "atelier.generation.default-width", 64,
                "atelier.generation.default-height", 64,
                // Enough steps that the job runs while its status message is out, so edits show.
                "atelier.generation.default-steps", 30,
                // No previews: the status message stays text (TelegramPreviewTest turns them on).
                "atelier.generation.preview-every", 0);
    }
}
