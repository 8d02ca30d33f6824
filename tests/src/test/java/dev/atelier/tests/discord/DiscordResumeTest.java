package dev.atelier.tests.discord;

import dev.atelier.tests.discord.DiscordUser.Sent;
import dev.atelier.tests.support.RunningAtelier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The gateway connection dies while a picture is being made: JDA resumes the session and nothing is lost or doubled. */
@DisplayName("Discord gateway RESUME")
class DiscordResumeTest {

    private static FakeDiscord discord;
    private static RunningAtelier atelier;

    @BeforeAll
    static void start() {
        discord = new FakeDiscord();
        atelier = RunningAtelier.onTestServers(DiscordAteliers.settings(discord));
        discord.awaitBotConnected();
    }

    @AfterAll
    static void stop() {
        if (atelier != null) atelier.close();
        if (discord != null) discord.close();
    }

    @Test
    void aDroppedConnectionIsResumedAndEachInteractionGetsExactlyOnePicture() {
        DiscordUser user = new DiscordUser(discord);
        // GIVEN a picture on its way
        Sent before = user.imagine("a windmill in a storm");
        discord.await("the deferred ack", Duration.ofSeconds(3), () -> !user.callback(before).isEmpty());

        // WHEN the connection dies, and the person uses /imagine again while the bot is away
        discord.gateway.drop(0);
        Sent during = user.imagine("a lighthouse in the rain");

        // THEN the bot resumes its session (no new IDENTIFY), Discord replays what it missed
        discord.await("the RESUME", DiscordUser.TURN, () -> discord.gateway.received(6) >= 1);
        assertThat(discord.gateway.received(2)).as("IDENTIFY").isEqualTo(1);

        // AND each interaction gets its one picture
        user.awaitPicture(before);
        user.awaitPicture(during);
        DiscordUser.settle();
        assertThat(user.edits(before).stream().filter(c -> !c.files().isEmpty())).hasSize(1);
        assertThat(user.edits(during).stream().filter(c -> !c.files().isEmpty())).hasSize(1);
        assertThat(user.callback(during)).hasSize(1);
    }
}
