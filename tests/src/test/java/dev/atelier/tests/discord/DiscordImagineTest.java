package dev.atelier.tests.discord;

import dev.atelier.tests.discord.FakeDiscord.Call;
import dev.atelier.tests.support.RunningAtelier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real JDA client inside a real Atelier (PostgreSQL, Redis, the tiny model) against a fake
 * Discord (REST and gateway): what a person using the bot in its DMs sees.
 */
@DisplayName("Atelier as a Discord bot")
class DiscordImagineTest {

    private static final Duration TURN = Duration.ofSeconds(60);
    private static final AtomicLong USERS = new AtomicLong(900_000_000_000_000_000L);
    private static final String ORIGINAL = "webhooks/" + DiscordPayloads.APP_ID + "/%s/messages/@original";

    private static FakeDiscord discord;
    private static RunningAtelier atelier;
    private static String imagineId;

    @BeforeAll
    static void start() {
        discord = new FakeDiscord();
        atelier = RunningAtelier.onTestServers(DiscordAteliers.settings(discord));
        discord.await("the bot to connect and register its commands", TURN, () ->
                !discord.calls(c -> c.is("PUT", "applications/\\d+/commands")).isEmpty());
        imagineId = discord.calls(c -> c.is("PUT", "applications/\\d+/commands")).getFirst().path();
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
        assertThat(commands).extracting(c -> c.get("name")).containsExactly("imagine");
        assertThat(commands.getFirst().get("options").toString()).contains("prompt", "negative", "seed", "steps");
    }

    @Test
    void imagineIsDeferredAtOnceThenShowsProgressThenThePictureWithItsPromptEmbedAndButtons() {
        String user = nextUser();
        // WHEN a person uses /imagine
        long sentAt = System.nanoTime();
        Sent imagine = imagine(user, "a lighthouse on a cliff at sunset");

        // THEN the interaction is acknowledged with a deferred reply within Discord's 3 seconds
        discord.await("the deferred ack", Duration.ofSeconds(3), () -> !callback(imagine).isEmpty());
        long ackMillis = (System.nanoTime() - sentAt) / 1_000_000;
        assertThat(callback(imagine).getFirst().json()).containsEntry("type", 5);

        // AND the reply ends as the picture: a PNG, an embed with the prompt, seed, size and steps, the buttons
        Call last = awaitFinalEdit(imagine);
        long finalMillis = (System.nanoTime() - sentAt) / 1_000_000;
        assertThat(new String(last.files().values().iterator().next(), 1, 3, StandardCharsets.ISO_8859_1)).isEqualTo("PNG");
        Map<String, Object> embed = last.embeds().getFirst();
        assertThat((String) embed.get("description")).contains("lighthouse").hasSizeGreaterThan(40);
        assertThat(embed.get("fields").toString()).contains("Seed", "Size", "64×64", "Steps", "30");
        assertThat(embed.get("image").toString()).contains("attachment://atelier-1.png");
        assertThat(last.buttons().keySet()).containsExactly("🔄 Regenerate", "🎲 Variations", "⬅", "➡", "⬆", "⬇", "🔍 Zoom out");
        assertThat(last.buttons().values()).allSatisfy(id -> assertThat(id.length()).isLessThanOrEqualTo(100));

        // AND before it, the reply said where the job was and showed a progress bar
        List<String> texts = edits(imagine).stream().map(Call::content).filter(t -> t != null && !t.isEmpty()).toList();
        assertThat(texts.getFirst()).startsWith("Refining your prompt… queued, position ");
        assertThat(texts).anySatisfy(t -> assertThat(t).startsWith("Painting… ").contains("▓").endsWith("%"));

        List<Call> turnCalls = discord.callsFor(imagine.id(), imagine.token());
        System.out.printf("Discord /imagine: deferred ack after %d ms, final edit after %d ms; %d REST calls (%s)%n",
                ackMillis, finalMillis, turnCalls.size(), turnCalls.stream().map(c -> c.method() + " " + shortPath(c)).toList());
    }

    @Test
    void regenerateGivesANewPictureOfTheSamePromptAndADoubleClickStartsOneJob() {
        String user = nextUser();
        // GIVEN a picture in the DM
        Sent imagine = imagine(user, "a red fox in the snow");
        Call first = awaitFinalEdit(imagine);
        String regenerate = first.buttons().get("🔄 Regenerate");

        // WHEN the person clicks Regenerate twice in a row
        Sent press = press(user, regenerate);
        Sent again = press(user, regenerate);

        // THEN both clicks are answered at once, the second one only to its presser
        discord.await("both clicks answered", Duration.ofSeconds(3), () -> !callback(press).isEmpty() && !callback(again).isEmpty());
        assertThat(callback(press).getFirst().json()).containsEntry("type", 5);
        assertThat(callback(again).getFirst().json()).containsEntry("type", 4);
        assertThat(callback(again).getFirst().json().get("data").toString()).contains("Already on it");

        // AND one new picture comes, of the same subject with a new seed, with its own buttons
        Call second = awaitFinalEdit(press);
        assertThat(second.embeds().getFirst().get("description").toString()).contains("fox");
        assertThat(second.embeds().getFirst().get("fields")).isNotEqualTo(first.embeds().getFirst().get("fields"));
        assertThat(second.buttons().get("🔄 Regenerate")).isNotEqualTo(regenerate);
        settle();
        assertThat(discord.calls(c -> c.method().equals("PATCH") && !c.files().isEmpty())
                .stream().filter(c -> c.embeds().toString().contains("fox")).count()).isEqualTo(2);
    }

    @Test
    void theSameInteractionDeliveredTwiceStartsOneJob() {
        String user = nextUser();
        String id = discord.nextId();
        String token = "tok-" + id;
        Map<String, Object> payload = DiscordPayloads.slashCommand(id, token, "1", "imagine",
                Map.of("prompt", "a paper boat on a pond"), dmChannel(user), user);
        Sent imagine = new Sent(id, token);
        // The gateway re-sends an event after a reconnect; here twice in a row.
        discord.gateway.dispatch("INTERACTION_CREATE", payload);
        discord.gateway.dispatch("INTERACTION_CREATE", payload);
        awaitFinalEdit(imagine);
        settle();
        assertThat(edits(imagine).stream().filter(c -> !c.files().isEmpty())).hasSize(1);
    }

    @Test
    void aDirectMessageGetsAReplyThatBecomesThePictureWithItsPromptAndButtons() {
        String user = nextUser();
        String channel = dmChannel(user);
        String messageId = discord.nextId();
        // WHEN a person writes to the bot in its DMs
        discord.gateway.dispatch("MESSAGE_CREATE", DiscordPayloads.directMessage(messageId, channel, user,
                "a castle in the clouds"));

        // THEN the bot answers in the channel at once, as a reply to that message
        discord.await("the status message", TURN, () -> !discord.calls(c -> c.is("POST", "channels/" + channel + "/messages")).isEmpty());
        Call status = discord.calls(c -> c.is("POST", "channels/" + channel + "/messages")).getFirst();
        assertThat(status.content()).startsWith("Refining your prompt…");
        assertThat(status.json().get("message_reference").toString()).contains(messageId);

        // AND that message becomes the picture with its prompt and buttons
        discord.await("the picture", TURN, () -> !discord.calls(c -> c.is("PATCH", "channels/" + channel + "/messages/\\d+")
                && !c.files().isEmpty()).isEmpty());
        Call result = discord.calls(c -> c.is("PATCH", "channels/" + channel + "/messages/\\d+") && !c.files().isEmpty()).getFirst();
        assertThat(result.embeds().getFirst().get("description").toString()).contains("castle");
        assertThat(result.buttons()).containsKey("🔄 Regenerate");
    }

    // ---- a user's actions ----------------------------------------------------------------

    record Sent(String id, String token) {
    }

    private static Sent imagine(String user, String prompt) {
        String id = discord.nextId();
        String token = "tok-" + id;
        discord.gateway.dispatch("INTERACTION_CREATE", DiscordPayloads.slashCommand(id, token, "1", "imagine",
                Map.of("prompt", prompt), dmChannel(user), user));
        return new Sent(id, token);
    }

    private static Sent press(String user, String customId) {
        String id = discord.nextId();
        String token = "tok-" + id;
        discord.gateway.dispatch("INTERACTION_CREATE", DiscordPayloads.buttonPress(id, token, customId,
                discord.nextId(), dmChannel(user), user));
        return new Sent(id, token);
    }

    // ---- what the user sees --------------------------------------------------------------

    private static List<Call> callback(Sent s) {
        return discord.calls(c -> c.is("POST", "interactions/" + s.id() + "/" + s.token() + "/callback"));
    }

    private static List<Call> edits(Sent s) {
        return discord.calls(c -> c.is("PATCH", ORIGINAL.formatted(s.token()).replace("@", "\\@")));
    }

    private static Call awaitFinalEdit(Sent s) {
        discord.await("the final edit of " + s.id(), TURN, () -> edits(s).stream().anyMatch(c -> !c.files().isEmpty()));
        return edits(s).stream().filter(c -> !c.files().isEmpty()).findFirst().orElseThrow();
    }

    private static String dmChannel(String user) {
        return String.valueOf(Long.parseLong(user) + 1);
    }

    private static String nextUser() {
        return String.valueOf(USERS.addAndGet(10));
    }

    private static String shortPath(Call c) {
        return c.path().replaceAll("tok-\\d+", "{token}").replaceAll("\\d{15,}", "{id}");
    }

    /** Long enough for a wrong second job to have posted its picture. */
    private static void settle() {
        try {
            Thread.sleep(1500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
