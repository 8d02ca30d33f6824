package dev.atelier.tests.discord;

import dev.atelier.tests.discord.FakeDiscord.Call;
import dev.atelier.tests.support.RunningAtelier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A bot with a small upload limit and a short interaction-token lifetime: pictures are
 * re-encoded to fit, and a picture ready after the token is spent is posted in the channel.
 */
@DisplayName("Discord upload limit and token lifetime")
class DiscordDeliveryLimitsTest {

    /** Far below the 128×128 PNG the tiny model makes (tens of KiB of noise). */
    private static final int UPLOAD_LIMIT = 3000;

    private static final SignedInteractions SIGNED = new SignedInteractions();
    private static FakeDiscord discord;
    private static RunningAtelier atelier;

    @BeforeAll
    static void start() {
        discord = new FakeDiscord();
        Map<String, Object> settings = new HashMap<>(DiscordAteliers.settings(discord));
        settings.put("atelier.discord.upload-limit-bytes", UPLOAD_LIMIT);
        settings.put("atelier.discord.token-lifetime", "1ms");
        settings.put("atelier.generation.default-width", 128);
        settings.put("atelier.generation.default-height", 128);
        settings.put("atelier.discord.public-key", SIGNED.publicKey);
        atelier = RunningAtelier.onTestServers(settings);
        SIGNED.endpoint(atelier.context().getBean(io.micronaut.runtime.server.EmbeddedServer.class).getURI());
        discord.awaitBotConnected();
    }

    @AfterAll
    static void stop() {
        if (atelier != null) atelier.close();
        if (discord != null) discord.close();
    }

    private static List<Call> channelPictures(DiscordUser user) {
        return discord.calls(c -> c.is("POST", "channels/" + user.channel + "/messages") && !c.files().isEmpty());
    }

    @Test
    void aPictureReadyAfterTheTokenLifetimeIsPostedInTheChannelMentioningThePerson() {
        DiscordUser user = new DiscordUser(discord);
        DiscordUser.Sent imagine = user.imagine("an owl on a branch");

        discord.await("the picture in the channel", DiscordUser.TURN, () -> !channelPictures(user).isEmpty());
        Call picture = channelPictures(user).getFirst();
        assertThat(picture.content()).startsWith("<@" + user.id + ">");
        assertThat(picture.buttons()).containsKey("🔄 Regenerate");
        assertThat(user.edits(imagine)).as("no edits through a spent token").isEmpty();
    }

    @Test
    void overHttpInteractionsTooALatePictureIsPostedInThePersonsDms() {
        DiscordUser user = new DiscordUser(discord);
        DiscordUser.Sent imagine = user.next();

        var res = SIGNED.signedPost(SignedInteractions.json(user.slashCommand(imagine, Map.of("prompt", "a fox in the snow"))));

        assertThat(FakeDiscord.read(res.body())).containsEntry("type", 5);
        discord.await("the picture in the DM", DiscordUser.TURN, () -> !channelPictures(user).isEmpty());
        assertThat(channelPictures(user).getFirst().content()).startsWith("<@" + user.id + ">");
        assertThat(discord.calls(c -> c.is("POST", "users/@me/channels"))).isNotEmpty();
        assertThat(user.edits(imagine)).isEmpty();
    }

    @Test
    void aPictureOverTheUploadLimitComesAsAJpegThatFits() {
        DiscordUser user = new DiscordUser(discord);
        user.imagine("a field of sunflowers");

        discord.await("the picture", DiscordUser.TURN, () -> !channelPictures(user).isEmpty());
        Call picture = channelPictures(user).getFirst();
        byte[] file = picture.files().values().iterator().next();
        assertThat(file.length).isLessThanOrEqualTo(UPLOAD_LIMIT);
        assertThat(file[0] & 0xFF).as("JPEG magic").isEqualTo(0xFF);
        assertThat(file[1] & 0xFF).isEqualTo(0xD8);
        assertThat(picture.embeds().getFirst().get("image").toString()).contains("attachment://atelier-1.jpg");
        // The embed still tells the picture as it was made.
        assertThat(picture.embeds().getFirst().get("fields").toString()).contains("128×128");
    }
}
