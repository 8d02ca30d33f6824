package dev.atelier.tests.discord;

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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real JDA client inside a real Atelier (PostgreSQL, Redis, the tiny model) against a fake
 * Discord (REST and gateway): what a person using the bot in its DMs sees.
 */
@DisplayName("Atelier as a Discord bot")
class DiscordImagineTest {

    private static final Duration TURN = DiscordUser.TURN;

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
    void theBotConnectsWithOnlyTheIntentsItNeedsAndRegistersImagineWithTypedOptions() {
        Map<String, Object> identify = discord.gateway.received().stream()
                .filter(p -> ((Number) p.get("op")).intValue() == 2).findFirst().orElseThrow();
        @SuppressWarnings("unchecked") int intents = ((Number) ((Map<String, Object>) identify.get("d")).get("intents")).intValue();
        // GUILD_MESSAGES (1<<9) | DIRECT_MESSAGES (1<<12) | MESSAGE_CONTENT (1<<15), and GUILDS (1),
        // which JDA always adds: it cannot track the guilds it is in without it.
        assertThat(intents).isEqualTo(1 | (1 << 9) | (1 << 12) | (1 << 15));
        @SuppressWarnings("unchecked") List<Map<String, Object>> commands = (List<Map<String, Object>>)
                discord.calls(c -> c.is("PUT", "applications/\\d+/commands")).getFirst().json().get("items");
        assertThat(commands).extracting(c -> c.get("name")).containsExactly("imagine", "similar", "edit", "inpaint",
                "outpaint", "describe", "chat", "settings", "reset", "help");
        assertThat(commands.getFirst().get("options").toString()).contains("prompt", "negative", "aspect", "16:9", "steps",
                "seed", "style", "watercolor");
    }

    @Test
    void imagineIsDeferredAtOnceThenShowsProgressThenThePictureWithItsPromptEmbedAndButtons() {
        DiscordUser user = new DiscordUser(discord);
        // WHEN a person uses /imagine
        long sentAt = System.nanoTime();
        Sent imagine = user.imagine("a lighthouse on a cliff at sunset");

        // THEN the interaction is acknowledged with a deferred reply within Discord's 3 seconds
        discord.await("the deferred ack", Duration.ofSeconds(3), () -> !user.callback(imagine).isEmpty());
        long ackMillis = (System.nanoTime() - sentAt) / 1_000_000;
        assertThat(user.callback(imagine).getFirst().json()).containsEntry("type", 5);

        // AND the reply ends as the picture: a PNG, an embed with the prompt, seed, size and steps, the buttons
        Call last = user.awaitPicture(imagine);
        long finalMillis = (System.nanoTime() - sentAt) / 1_000_000;
        assertThat(new String(last.files().values().iterator().next(), 1, 3, StandardCharsets.ISO_8859_1)).isEqualTo("PNG");
        Map<String, Object> embed = last.embeds().getFirst();
        assertThat((String) embed.get("description")).contains("lighthouse").hasSizeGreaterThan(40);
        assertThat(embed.get("fields").toString()).contains("Seed", "Size", "64×64", "Steps", "30");
        assertThat(embed.get("image").toString()).contains("attachment://atelier-1.png");
        assertThat(last.buttons().keySet()).containsExactly("🔄 Regenerate", "🎲 Variations", "✏️ Edit", "⬅", "➡", "⬆", "⬇", "🔍 Zoom out");
        assertThat(last.buttons().values()).allSatisfy(id -> assertThat(id.length()).isLessThanOrEqualTo(100));

        // AND before it, the reply said where the job was and showed a progress bar
        List<String> texts = user.edits(imagine).stream().map(Call::content).filter(t -> t != null && !t.isEmpty()).toList();
        assertThat(texts.getFirst()).startsWith("Refining your prompt… queued, position ");
        assertThat(texts).anySatisfy(t -> assertThat(t).startsWith("Painting… ").contains("▓").endsWith("%"));

        List<Call> turnCalls = discord.callsFor(imagine.id(), imagine.token());
        System.out.printf("Discord /imagine: deferred ack after %d ms, final edit after %d ms; %d REST calls (%s)%n",
                ackMillis, finalMillis, turnCalls.size(), turnCalls.stream().map(c -> c.method() + " " + shortPath(c)).toList());
    }

    @Test
    void regenerateGivesANewPictureOfTheSamePromptAndADoubleClickStartsOneJob() {
        DiscordUser user = new DiscordUser(discord);
        // GIVEN a picture in the DM
        Sent imagine = user.imagine("a red fox in the snow");
        Call first = user.awaitPicture(imagine);
        String regenerate = first.buttons().get("🔄 Regenerate");

        // WHEN the person clicks Regenerate twice in a row
        Sent press = user.press(regenerate);
        Sent again = user.press(regenerate);

        // THEN both clicks are answered at once, the second one only to its presser
        discord.await("both clicks answered", Duration.ofSeconds(3), () -> !user.callback(press).isEmpty() && !user.callback(again).isEmpty());
        assertThat(user.callback(press).getFirst().json()).containsEntry("type", 5);
        assertThat(user.callback(again).getFirst().json()).containsEntry("type", 4);
        assertThat(user.callback(again).getFirst().json().get("data").toString()).contains("Already on it");

        // AND one new picture comes, of the same subject with a new seed, with its own buttons
        Call second = user.awaitPicture(press);
        assertThat(second.embeds().getFirst().get("description").toString()).contains("fox");
        assertThat(second.embeds().getFirst().get("fields")).isNotEqualTo(first.embeds().getFirst().get("fields"));
        assertThat(second.buttons().get("🔄 Regenerate")).isNotEqualTo(regenerate);
        DiscordUser.settle();
        assertThat(discord.calls(c -> c.method().equals("PATCH") && !c.files().isEmpty())
                .stream().filter(c -> c.embeds().toString().contains("fox")).count()).isEqualTo(2);
    }

    @Test
    void theSameInteractionDeliveredTwiceStartsOneJob() {
        DiscordUser user = new DiscordUser(discord);
        Sent imagine = user.next();
        Map<String, Object> payload = user.slashCommand(imagine, Map.of("prompt", "a paper boat on a pond"));
        // The gateway re-sends an event after a reconnect; here twice in a row.
        discord.gateway.dispatch("INTERACTION_CREATE", payload);
        discord.gateway.dispatch("INTERACTION_CREATE", payload);
        user.awaitPicture(imagine);
        DiscordUser.settle();
        assertThat(user.edits(imagine).stream().filter(c -> !c.files().isEmpty())).hasSize(1);
    }

    @Test
    void aDirectMessageGetsAReplyThatBecomesThePictureWithItsPromptAndButtons() {
        DiscordUser user = new DiscordUser(discord);
        String channel = user.channel;
        // WHEN a person writes to the bot in its DMs
        String messageId = user.write("a castle in the clouds");

        // THEN the bot answers in the channel at once, as a reply to that message
        discord.await("the status message", TURN, () -> !discord.calls(c -> c.is("POST", "channels/" + channel + "/messages")).isEmpty());
        Call status = discord.calls(c -> c.is("POST", "channels/" + channel + "/messages")).getFirst();
        assertThat(status.content()).startsWith("Refining your prompt…");
        assertThat(status.json().get("message_reference").toString()).contains(messageId);

        // AND that message becomes the picture with its prompt and buttons
        discord.await("the picture", TURN, () -> !user.pictures().isEmpty());
        Call result = user.pictures().getFirst();
        assertThat(result.embeds().getFirst().get("description").toString()).contains("castle");
        assertThat(result.buttons()).containsKey("🔄 Regenerate");
    }

    @Test
    void aDirectMessageWithAPictureAndNoWordsGetsASimilarPicture() throws Exception {
        DiscordUser user = new DiscordUser(discord);
        BufferedImage photo = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = photo.createGraphics();
        g.setColor(Color.ORANGE);
        g.fillRect(0, 0, 64, 64);
        g.dispose();
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(photo, "png", png);

        user.write("", List.of(discord.attachment(png.toByteArray(), 64, 64)));

        discord.await("the picture", TURN, () -> !user.pictures().isEmpty());
        assertThat(discord.calls(c -> c.is("GET", "/attachments/.*"))).hasSize(1);
        Call result = user.pictures().getFirst();
        assertThat(result.embeds().getFirst().get("fields").toString()).contains("64×64");
        assertThat(result.buttons()).containsKey("🎲 Variations");
    }

    private static String shortPath(Call c) {
        return c.path().replaceAll("tok-\\d+", "{token}").replaceAll("\\d{15,}", "{id}");
    }
}
