package dev.atelier.tests.discord;

import dev.atelier.tests.discord.DiscordUser.Sent;
import dev.atelier.tests.discord.FakeDiscord.Call;
import dev.atelier.tests.support.RunningAtelier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The buttons under a picture other than Regenerate, and what a refused request looks like. */
@DisplayName("Atelier's Discord buttons and refusals")
class DiscordButtonsTest {

    private static FakeDiscord discord;
    private static RunningAtelier atelier;

    @BeforeAll
    static void start() {
        discord = new FakeDiscord();
        Map<String, Object> settings = new HashMap<>(DiscordAteliers.settings(discord));
        // Low, so a request over it is easy to make.
        settings.put("atelier.generation.max-steps", 40);
        atelier = RunningAtelier.onTestServers(settings);
        discord.awaitBotConnected();
    }

    @AfterAll
    static void stop() {
        if (atelier != null) atelier.close();
        if (discord != null) discord.close();
    }

    @Test
    void zoomOutGivesALargerPictureThatExtendsTheFirst() {
        DiscordUser user = new DiscordUser(discord);
        Call first = user.awaitPicture(user.imagine("a cabin in a pine forest"));

        Sent zoom = user.press(first.buttons().get("🔍 Zoom out"));

        Call zoomed = user.awaitPicture(zoom);
        assertThat(zoomed.embeds().getFirst().get("fields").toString()).doesNotContain("64×64");
        assertThat(zoomed.buttons()).containsKey("🔍 Zoom out");
    }

    @Test
    void variationsGivesASimilarPictureOfTheSameSize() {
        DiscordUser user = new DiscordUser(discord);
        Call first = user.awaitPicture(user.imagine("a bowl of lemons on a table"));

        Call similar = user.awaitPicture(user.press(first.buttons().get("🎲 Variations")));

        assertThat(similar.embeds().getFirst().get("fields").toString()).contains("64×64");
    }

    @Test
    void aRequestOverTheLimitsIsRefusedWithAMessageOnlyThePersonSees() {
        DiscordUser user = new DiscordUser(discord);

        Sent imagine = user.imagine(Map.of("prompt", "a windmill", "steps", 100));

        discord.await("the refusal", DiscordUser.TURN, () -> !user.followUps(imagine).isEmpty());
        Call refusal = user.followUps(imagine).getFirst();
        assertThat(((Number) refusal.json().get("flags")).intValue() & 64).as("ephemeral").isEqualTo(64);
        assertThat(refusal.content()).containsIgnoringCase("steps");
        discord.await("the public 'thinking' reply removed", Duration.ofSeconds(10), () -> !discord.calls(c ->
                c.is("DELETE", "webhooks/\\d+/" + imagine.token() + "/messages/\\@original")).isEmpty());
        assertThat(user.edits(imagine)).isEmpty();
    }

    @Test
    void aButtonTheBotDoesNotKnowIsAnsweredAsExpired() {
        DiscordUser user = new DiscordUser(discord);

        Sent press = user.press("r:nosuchkey:0");

        discord.await("an answer", Duration.ofSeconds(10), () -> !user.followUps(press).isEmpty());
        assertThat(user.followUps(press).getFirst().content()).isEqualTo("This button has expired.");
    }

    @Test
    void aCommandTheBotNoLongerHasIsAnsweredWithAMessageOnlyThePersonSees() {
        DiscordUser user = new DiscordUser(discord);
        Sent teleport = user.next();

        discord.gateway.dispatch("INTERACTION_CREATE", DiscordPayloads.slashCommand(teleport.id(), teleport.token(), "2",
                "teleport", Map.of(), user.channel, user.id));

        discord.await("an answer", Duration.ofSeconds(10), () -> !user.callback(teleport).isEmpty());
        Map<String, Object> answer = user.callback(teleport).getFirst().json();
        assertThat(answer).containsEntry("type", 4);
        assertThat(answer.get("data").toString()).contains("/teleport", "flags=64");
    }

    @Test
    void aPictureReadyAfterTheInteractionTokenExpiredComesAsAChannelMessageThatMentionsThePerson() {
        DiscordUser user = new DiscordUser(discord);
        // An interaction made 16 minutes ago: its token (15 minutes) is spent by the time the picture is ready.
        String id = discord.idAt(java.time.Instant.now().minus(Duration.ofMinutes(16)));
        Sent late = new Sent(id, "tok-" + id);

        discord.gateway.dispatch("INTERACTION_CREATE", user.slashCommand(late, Map.of("prompt", "an owl at midnight")));

        discord.await("the picture in the channel", DiscordUser.TURN, () -> !discord.calls(c ->
                c.is("POST", "channels/" + user.channel + "/messages") && !c.files().isEmpty()).isEmpty());
        Call picture = discord.calls(c -> c.is("POST", "channels/" + user.channel + "/messages") && !c.files().isEmpty()).getFirst();
        assertThat(picture.content()).startsWith("<@" + user.id + ">");
        assertThat(picture.embeds().getFirst().get("description").toString()).contains("owl");
        assertThat(picture.buttons()).containsKey("🔄 Regenerate");
        assertThat(user.edits(late).stream().filter(c -> !c.files().isEmpty())).isEmpty();
    }
}
