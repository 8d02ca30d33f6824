package dev.atelier.tests.discord;

import java.util.Map;

/** The settings that put an Atelier's Discord bot on a fake Discord, with quick small jobs. */
final class DiscordAteliers {

    private DiscordAteliers() {
    }

    static Map<String, Object> settings(FakeDiscord discord) {
        return Map.of(
                "atelier.discord.token", FakeDiscord.TOKEN,
                "atelier.discord.api-url", discord.apiUrl(),
                "atelier.discord.gateway-url", discord.gatewayUrl(),
                "atelier.discord.progress-interval", "50ms",
                "atelier.discord.sweep-interval", "1s",
                "atelier.generation.default-width", 64,
                "atelier.generation.default-height", 64,
                // Enough steps that the job runs while its reply is out, so progress edits show.
                "atelier.generation.default-steps", 30,
                // No previews: progress edits are text only (DiscordPreviewTest turns them on).
                "atelier.generation.preview-every", 0);
    }
}
