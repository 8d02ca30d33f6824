package dev.atelier.tests.discord;

import dev.atelier.tests.discord.DiscordUser.Sent;
import dev.atelier.tests.discord.FakeDiscord.Call;
import dev.atelier.tests.support.RunningAtelier;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Previews in the reply: with ATELIER_PREVIEW_EVERY on, progress edits carry the picture so far
 * as an attachment, and the final edit replaces it with the result. Through the gateway (the
 * interaction hook), HTTP interactions (JDA's WebhookClient) and a DM (a channel message edit).
 */
@DisplayName("Discord progress edits show previews of the picture")
class DiscordPreviewTest {

    private static final SignedInteractions SIGNED = new SignedInteractions();

    private static FakeDiscord discord;
    private static RunningAtelier atelier;

    @BeforeAll
    static void start() {
        discord = new FakeDiscord();
        Map<String, Object> settings = new HashMap<>(DiscordAteliers.settings(discord));
        settings.put("atelier.discord.public-key", SIGNED.publicKey);
        // A preview every 3 of 120 steps; an edit is then due at every 10 % (12 steps) the bar moves,
        // so the job is long enough for its reply to be out and edited, even on a busy machine.
        settings.put("atelier.generation.preview-every", 3);
        settings.put("atelier.generation.default-steps", 120);
        settings.put("atelier.discord.progress-interval", "0ms");
        atelier = RunningAtelier.onTestServers(settings);
        SIGNED.endpoint(atelier.context().getBean(EmbeddedServer.class).getURI());
        discord.awaitBotConnected();
    }

    @AfterAll
    static void stop() {
        if (atelier != null) atelier.close();
        if (discord != null) discord.close();
    }

    @Test
    void imagineOverTheGatewayShowsPreviewsWhileItRunsAndOnlyThePictureAtTheEnd() {
        DiscordUser user = new DiscordUser(discord);
        Sent imagine = user.imagine("a lighthouse on a cliff at sunset");

        Call result = user.awaitPicture(imagine);
        assertPreviewsThenResult(user.edits(imagine), result, "gateway /imagine");
    }

    @Test
    void imagineAsAnHttpInteractionShowsPreviewsThroughTheWebhookClient() {
        DiscordUser user = new DiscordUser(discord);
        Sent imagine = user.next();
        assertThat(SIGNED.signedPost(SignedInteractions.json(user.slashCommand(imagine, Map.of("prompt", "a lantern in the fog"))))
                .statusCode()).isEqualTo(200);

        Call result = user.awaitPicture(imagine);
        assertPreviewsThenResult(user.edits(imagine), result, "HTTP /imagine");
    }

    @Test
    void aDirectMessageShowsPreviewsInTheStatusMessage() {
        DiscordUser user = new DiscordUser(discord);
        user.write("a windmill in a tulip field");

        discord.await("the picture in the DM", DiscordUser.TURN, () -> !user.pictures().isEmpty());
        List<Call> edits = discord.calls(c -> c.is("PATCH", "channels/" + user.channel + "/messages/\\d+"));
        assertPreviewsThenResult(edits, user.pictures().getFirst(), "DM");
    }

    /** Some progress edits carry a decodable JPEG preview; the result carries the PNG and no preview. */
    private static void assertPreviewsThenResult(List<Call> edits, Call result, String what) {
        List<Call> previews = edits.stream().filter(c -> !c.files().isEmpty() && c.embeds().isEmpty()).toList();
        assertThat(previews).as("progress edits with a preview").isNotEmpty().allSatisfy(p -> {
            assertThat(p.content()).matches("Painting… [▓░]+ \\d+%");
            assertThat(p.attachmentNames()).containsExactly("preview.jpg");
            assertThat(p.files()).hasSize(1);
            assertJpeg(p.files().values().iterator().next());
        });
        // Throttled like the text edits: at most one per 10 %.
        assertThat(edits.stream().filter(c -> c.content() != null && c.content().startsWith("Painting…"))).hasSizeLessThanOrEqualTo(10);
        assertThat(edits.indexOf(previews.getLast())).isLessThan(edits.indexOf(result));

        // The final edit: the PNG result, and the preview is no attachment of the message any more
        assertThat(result.files()).hasSize(1);
        assertThat(new String(result.files().values().iterator().next(), 1, 3, StandardCharsets.ISO_8859_1)).isEqualTo("PNG");
        assertThat(result.attachmentNames()).containsExactly("atelier-1.png");
        assertThat(result.embeds().getFirst().get("image").toString()).contains("attachment://atelier-1.png");
        // Nothing edited the message after the result.
        assertThat(edits.getLast()).isSameAs(result);
        System.out.printf("Discord %s with previews: %d edits, %d with a preview (%s bytes)%n", what, edits.size(), previews.size(),
                previews.stream().map(p -> p.files().values().iterator().next().length).toList());
    }

    private static void assertJpeg(byte[] bytes) {
        assertThat(bytes[0] & 0xFF).isEqualTo(0xFF);
        assertThat(bytes[1] & 0xFF).isEqualTo(0xD8);
        try {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
            assertThat(image).isNotNull();
            assertThat(Math.max(image.getWidth(), image.getHeight())).isLessThanOrEqualTo(128);
        } catch (IOException e) {
            throw new AssertionError("not a decodable JPEG", e);
        }
    }
}
