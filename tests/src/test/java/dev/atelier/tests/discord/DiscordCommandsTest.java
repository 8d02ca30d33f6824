package dev.atelier.tests.discord;

import dev.atelier.core.conversation.ConversationStore;
import dev.atelier.core.conversation.Turn;
import dev.atelier.core.image.Task;
import dev.atelier.tests.discord.DiscordUser.Sent;
import dev.atelier.tests.discord.FakeDiscord.Call;
import dev.atelier.tests.support.RunningAtelier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The slash commands that start from a picture, the words-only ones, the Edit form and replies to pictures. */
@DisplayName("Atelier's Discord commands")
class DiscordCommandsTest {

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

    /** A 72×56 picture: a size no default has, so a result at that size started from it. */
    private static Map<String, Object> photo() {
        return discord.attachment(png(72, 56, Color.ORANGE), 72, 56);
    }

    @Test
    void similarMakesAPictureLikeTheAttachedOneAtItsSize() {
        DiscordUser user = new DiscordUser(discord);
        Sent similar = user.command("similar", Map.of(), Map.of("image", photo()));

        Call picture = user.awaitPicture(similar);

        assertThat(user.callback(similar).getFirst().json()).containsEntry("type", 5);
        assertThat(picture.embeds().getFirst().get("fields").toString()).contains("72×56");
        assertThat(discord.calls(c -> c.is("GET", "/attachments/.*"))).isNotEmpty();
    }

    @Test
    void editChangesTheAttachedPictureAsInstructed() {
        DiscordUser user = new DiscordUser(discord);
        Sent edit = user.command("edit", Map.of("instruction", "make it night"), Map.of("image", photo()));

        Call picture = user.awaitPicture(edit);

        assertThat(picture.embeds().getFirst().get("fields").toString()).contains("72×56");
        assertThat(lastUserTurn(user).task()).isEqualTo(Task.EDIT);
    }

    @Test
    void outpaintGrowsTheAttachedPictureThatWay() {
        DiscordUser user = new DiscordUser(discord);
        Sent outpaint = user.command("outpaint", Map.of("direction", "right", "amount", 0.5), Map.of("image", photo()));

        Call picture = user.awaitPicture(outpaint);

        String fields = picture.embeds().getFirst().get("fields").toString();
        assertThat(fields).doesNotContain("72×56").contains("×56");
        assertThat(lastUserTurn(user).task()).isEqualTo(Task.OUTPAINT);
    }

    @Test
    void inpaintRepaintsTheMaskedPartOfTheAttachedPicture() {
        DiscordUser user = new DiscordUser(discord);
        Map<String, Object> mask = discord.attachment(png(72, 56, Color.WHITE), "mask.png", "image/png", 72, 56);
        Sent inpaint = user.command("inpaint", Map.of("prompt", "a red door"), Map.of("image", photo(), "mask", mask));

        Call picture = user.awaitPicture(inpaint);

        assertThat(picture.embeds().getFirst().get("fields").toString()).contains("72×56");
        assertThat(lastUserTurn(user).task()).isEqualTo(Task.INPAINT);
    }

    @Test
    void describeAnswersInWordsWithAPromptAndPaintsNothing() {
        DiscordUser user = new DiscordUser(discord);
        Sent describe = user.command("describe", Map.of(), Map.of("image", photo()));

        discord.await("the description", DiscordUser.TURN, () -> !user.edits(describe).isEmpty());
        Call answer = user.edits(describe).getFirst();
        assertThat(answer.content()).contains("Prompt:", "/imagine");
        assertThat(answer.files()).isEmpty();
        DiscordUser.settle();
        assertThat(user.edits(describe)).hasSize(1);
    }

    @Test
    void chatIsATurnOfTheConversation() {
        DiscordUser user = new DiscordUser(discord);
        Sent chat = user.command("chat", Map.of("message", "paint me a quiet library"), Map.of());

        Call picture = user.awaitPicture(chat);

        assertThat(picture.embeds().getFirst().get("description").toString()).contains("library");
    }

    @Test
    void resetStartsANewConversationInThatChannelForThatPerson() {
        DiscordUser user = new DiscordUser(discord);
        user.awaitPicture(user.imagine("a snowy village"));
        UUID before = conversation(user);

        Sent reset = user.command("reset", Map.of(), Map.of());

        discord.await("the answer", DiscordUser.TURN, () -> !user.edits(reset).isEmpty());
        assertThat(user.callback(reset).getFirst().json().toString()).contains("type=5", "flags=64");
        assertThat(user.edits(reset).getFirst().content()).startsWith("Started a new conversation");
        assertThat(conversation(user)).isNotEqualTo(before);
    }

    @Test
    void settingsKeepThePersonsOwnDefaultsForTheirNextPictures() {
        DiscordUser user = new DiscordUser(discord);
        // WHEN the person sets their steps and shape
        Sent set = user.command("settings", Map.of("steps", 12, "aspect", "2:1"), Map.of());

        // THEN only they see the answer, with their defaults
        discord.await("the answer", DiscordUser.TURN, () -> !user.edits(set).isEmpty());
        assertThat(user.callback(set).getFirst().json().toString()).contains("type=5", "flags=64");
        assertThat(user.edits(set).getFirst().content()).contains("Saved", "Steps: 12", "Aspect: 2:1");

        // AND their next picture is made with them
        Call picture = user.awaitPicture(user.imagine("a long train on a bridge"));
        String fields = picture.embeds().getFirst().get("fields").toString();
        assertThat(fields).contains("12").doesNotContain("64×64");

        // AND a bad value is refused in words, and reset forgets them
        Sent bad = user.command("settings", Map.of("style", "cubism"), Map.of());
        discord.await("the refusal", DiscordUser.TURN, () -> !user.edits(bad).isEmpty());
        assertThat(user.edits(bad).getFirst().content()).contains("Unknown style 'cubism'");
        Sent reset = user.command("settings", Map.of("reset", true), Map.of());
        discord.await("the answer", DiscordUser.TURN, () -> !user.edits(reset).isEmpty());
        assertThat(user.edits(reset).getFirst().content()).contains("Steps: the server's");
    }

    @Test
    void helpListsTheCommandsToThePersonOnly() {
        DiscordUser user = new DiscordUser(discord);
        Sent help = user.command("help", Map.of(), Map.of());

        discord.await("the answer", Duration.ofSeconds(10), () -> !user.callback(help).isEmpty());
        Map<String, Object> answer = user.callback(help).getFirst().json();
        assertThat(answer).containsEntry("type", 4);
        assertThat(answer.get("data").toString()).contains("/imagine", "/describe", "/reset", "flags=64");
    }

    @Test
    void anAttachmentThatIsNotAnImageIsRefusedAtOnceToThePersonOnly() {
        DiscordUser user = new DiscordUser(discord);
        Map<String, Object> notes = discord.attachment("just words".getBytes(StandardCharsets.UTF_8), "notes.txt", "text/plain", 0, 0);

        Sent similar = user.command("similar", Map.of(), Map.of("image", notes));

        discord.await("the answer", Duration.ofSeconds(10), () -> !user.callback(similar).isEmpty());
        Map<String, Object> answer = user.callback(similar).getFirst().json();
        assertThat(answer).containsEntry("type", 4);
        assertThat(answer.get("data").toString()).contains("notes.txt", "not an image", "flags=64");
        assertThat(discord.calls(c -> c.path().contains("notes.txt"))).as("never fetched").isEmpty();
    }

    @Test
    void anImageWhoseBytesAreNotAPictureIsRefusedToThePersonOnly() {
        DiscordUser user = new DiscordUser(discord);
        Map<String, Object> fake = discord.attachment("GIF89a but not really".getBytes(StandardCharsets.UTF_8), "fake.png",
                "image/png", 64, 64);

        Sent edit = user.command("edit", Map.of("instruction", "brighter"), Map.of("image", fake));

        discord.await("the refusal", DiscordUser.TURN, () -> !user.followUps(edit).isEmpty());
        Call refusal = user.followUps(edit).getFirst();
        assertThat(((Number) refusal.json().get("flags")).intValue() & 64).isEqualTo(64);
        assertThat(refusal.content()).contains("not an image Atelier can read");
        assertThat(user.edits(edit)).isEmpty();
    }

    @Test
    void theEditButtonOpensAFormWhoseAnswerEditsThatPicture() {
        DiscordUser user = new DiscordUser(discord);
        Call first = user.awaitPicture(user.imagine("a lighthouse keeper's cottage"));

        Sent press = user.press(first.buttons().get("✏️ Edit"));

        discord.await("the form", Duration.ofSeconds(10), () -> !user.callback(press).isEmpty());
        Map<String, Object> form = user.callback(press).getFirst().json();
        assertThat(form).containsEntry("type", 9);
        @SuppressWarnings("unchecked") String formId = (String) ((Map<String, Object>) form.get("data")).get("custom_id");

        Call edited = user.awaitPicture(user.submitForm(formId, "instruction", "make it winter"));
        assertThat(edited.embeds().getFirst().get("fields").toString()).contains("64×64");
        assertThat(lastUserTurn(user).task()).isEqualTo(Task.EDIT);
        assertThat(lastUserTurn(user).text()).isEqualTo("make it winter");
    }

    @Test
    void aReplyToOneOfTheBotsPicturesEditsThatPicture() {
        DiscordUser user = new DiscordUser(discord);
        user.write("a sailing boat at dawn");
        discord.await("the picture", DiscordUser.TURN, () -> !user.pictures().isEmpty());
        Call picture = user.pictures().getFirst();
        String pictureId = picture.path().substring(picture.path().lastIndexOf('/') + 1);

        user.replyTo(pictureId, picture.json(), "make it stormy");

        discord.await("the edited picture", DiscordUser.TURN, () -> user.pictures().size() >= 2);
        assertThat(lastUserTurn(user).task()).isEqualTo(Task.EDIT);
        assertThat(lastUserTurn(user).text()).isEqualTo("make it stormy");
    }

    @Test
    void aMalformedInteractionIsSkippedAndTheBotGoesOn() {
        DiscordUser user = new DiscordUser(discord);
        // No type, no data, no token: JDA cannot make an event of it.
        discord.gateway.dispatch("INTERACTION_CREATE", Map.of("id", discord.nextId(), "garbage", true));
        Sent unknownForm = user.submitForm("nothing:we:know", "instruction", "x");
        discord.await("an answer", Duration.ofSeconds(10), () -> !user.callback(unknownForm).isEmpty());
        assertThat(user.callback(unknownForm).getFirst().json().toString()).contains("expired", "flags=64");

        user.awaitPicture(user.imagine("a teapot"));
    }

    // ---- helpers -----------------------------------------------------------------------

    private static UUID conversation(DiscordUser user) {
        return atelier.context().getBean(ConversationStore.class).findLatest("discord", user.channel + ":" + user.id)
                .orElseThrow().id();
    }

    private static Turn lastUserTurn(DiscordUser user) {
        List<Turn> turns = atelier.context().getBean(ConversationStore.class).turns(conversation(user));
        return turns.stream().filter(t -> t.role() == Turn.Role.USER).reduce((a, b) -> b).orElseThrow();
    }

    static byte[] png(int w, int h, Color color) {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(color);
        g.fillRect(0, 0, w, h);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        return out.toByteArray();
    }
}
