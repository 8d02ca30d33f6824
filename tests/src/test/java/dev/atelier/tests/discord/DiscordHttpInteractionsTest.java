package dev.atelier.tests.discord;

import dev.atelier.tests.discord.DiscordUser.Sent;
import dev.atelier.tests.discord.FakeDiscord.Call;
import dev.atelier.tests.support.RunningAtelier;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Interactions posted by Discord to Atelier's Interactions Endpoint URL, signed with Ed25519 as
 * Discord signs them (a key pair made here; its public half is the application's key in the
 * config), against the real app: what is refused, and that a command gets its picture through
 * the fake Discord's webhook API.
 */
@DisplayName("Discord HTTP interactions")
class DiscordHttpInteractionsTest {

    private static final SignedInteractions SIGNED = new SignedInteractions();

    private static FakeDiscord discord;
    private static RunningAtelier atelier;
    private static PrivateKey discordKey;

    @BeforeAll
    static void start() {
        discordKey = SIGNED.key;
        discord = new FakeDiscord();
        Map<String, Object> settings = new HashMap<>(DiscordAteliers.settings(discord));
        settings.put("atelier.discord.public-key", SIGNED.publicKey);
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
    void aSignedPingIsAnsweredWithPong() throws Exception {
        HttpResponse<String> res = signedPost(json(Map.of("type", 1, "id", discord.nextId(), "application_id",
                DiscordPayloads.APP_ID, "token", "ping-token")));
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(FakeDiscord.read(res.body())).containsEntry("type", 1);
    }

    @Test
    void aSignedImagineIsDeferredInTheResponseAndItsPictureComesByEditingTheOriginalResponse() throws Exception {
        DiscordUser user = new DiscordUser(discord);
        Sent imagine = user.next();
        long sentAt = System.nanoTime();

        HttpResponse<String> res = signedPost(json(user.slashCommand(imagine, Map.of("prompt", "a lantern in the fog"))));
        long ackMillis = (System.nanoTime() - sentAt) / 1_000_000;

        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(FakeDiscord.read(res.body())).containsEntry("type", 5);
        // The response is the acknowledgement: no callback call goes to Discord's REST API.
        assertThat(user.callback(imagine)).isEmpty();
        Call picture = user.awaitPicture(imagine);
        long finalMillis = (System.nanoTime() - sentAt) / 1_000_000;
        assertThat(new String(picture.files().values().iterator().next(), 1, 3, StandardCharsets.ISO_8859_1)).isEqualTo("PNG");
        assertThat(picture.embeds().getFirst().get("description").toString()).contains("lantern");
        assertThat(picture.buttons()).containsKeys("🔄 Regenerate", "✏️ Edit");
        // The interaction's token (a credential while it lives) is not kept once the picture is posted.
        try (var c = atelier.context().getBean(javax.sql.DataSource.class).getConnection();
             var ps = c.prepareStatement("SELECT count(*) FROM deliveries WHERE status_message_id LIKE ?")) {
            ps.setString(1, "%" + imagine.token() + "%");
            discord.await("the delivery to be recorded without the token", DiscordUser.TURN, () -> {
                try (var rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1) == 0;
                } catch (java.sql.SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
        }
        List<Call> calls = discord.callsFor(imagine.id(), imagine.token());
        System.out.printf("Discord HTTP /imagine: deferred response after %d ms, final edit after %d ms; %d REST calls (%s)%n",
                ackMillis, finalMillis, calls.size(), calls.stream().map(c -> c.method() + " " + c.path()
                        .replaceAll("tok-\\d+", "{token}").replaceAll("\\d{15,}", "{id}")).toList());
    }

    @Test
    void theSameSignedInteractionPostedTwiceMakesOnePicture() throws Exception {
        DiscordUser user = new DiscordUser(discord);
        Sent imagine = user.next();
        byte[] body = json(user.slashCommand(imagine, Map.of("prompt", "a kite over the dunes")));

        assertThat(signedPost(body).statusCode()).isEqualTo(200);
        assertThat(signedPost(body).statusCode()).isEqualTo(200);

        user.awaitPicture(imagine);
        DiscordUser.settle();
        assertThat(user.edits(imagine).stream().filter(c -> !c.files().isEmpty())).hasSize(1);
    }

    @Test
    void theEditButtonOpensAFormAndTheFormMakesAnEditOfThatPicture() throws Exception {
        DiscordUser user = new DiscordUser(discord);
        Sent imagine = user.next();
        signedPost(json(user.slashCommand(imagine, Map.of("prompt", "a harbour at noon"))));
        Call first = user.awaitPicture(imagine);

        // WHEN the person presses Edit
        Sent press = user.next();
        HttpResponse<String> form = signedPost(json(DiscordPayloads.buttonPress(press.id(), press.token(),
                first.buttons().get("✏️ Edit"), discord.nextId(), user.channel, user.id)));

        // THEN a form asks for the instruction
        Map<String, Object> modal = FakeDiscord.read(form.body());
        assertThat(modal).containsEntry("type", 9);
        @SuppressWarnings("unchecked") String formId = (String) ((Map<String, Object>) modal.get("data")).get("custom_id");
        assertThat(modal.get("data").toString()).contains("instruction");

        // AND sending it makes an edit of the picture, at its size
        Sent submit = user.next();
        HttpResponse<String> res = signedPost(json(DiscordPayloads.modalSubmit(submit.id(), submit.token(), formId,
                "instruction", "make it night", user.channel, user.id)));
        assertThat(FakeDiscord.read(res.body())).containsEntry("type", 5);
        Call edited = user.awaitPicture(submit);
        assertThat(edited.embeds().getFirst().get("fields").toString()).contains("64×64");
        assertThat(user.edits(submit).getFirst().content()).startsWith("Editing…");
    }

    @Test
    void aForgedSignatureIsRefusedAndNothingRuns() throws Exception {
        DiscordUser user = new DiscordUser(discord);
        Sent imagine = user.next();
        byte[] body = json(user.slashCommand(imagine, Map.of("prompt", "a forged request")));
        PrivateKey someoneElse = KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPrivate();
        String now = String.valueOf(Instant.now().getEpochSecond());

        HttpResponse<String> res = post(body, sign(someoneElse, now, body), now);

        assertThat(res.statusCode()).isEqualTo(401);
        assertThat(res.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        DiscordUser.settle();
        assertThat(discord.callsFor(imagine.id(), imagine.token())).isEmpty();
    }

    @Test
    void aStaleOrSwappedTimestampIsRefused() throws Exception {
        DiscordUser user = new DiscordUser(discord);
        Sent imagine = user.next();
        byte[] body = json(user.slashCommand(imagine, Map.of("prompt", "an old request")));
        String old = String.valueOf(Instant.now().minus(Duration.ofMinutes(10)).getEpochSecond());
        String now = String.valueOf(Instant.now().getEpochSecond());

        // Genuinely signed ten minutes ago: a replay.
        assertThat(post(body, sign(discordKey, old, body), old).statusCode()).isEqualTo(401);
        // Signed then, presented with a fresh timestamp: the signature no longer matches.
        assertThat(post(body, sign(discordKey, old, body), now).statusCode()).isEqualTo(401);
        DiscordUser.settle();
        assertThat(discord.callsFor(imagine.id(), imagine.token())).isEmpty();
    }

    @Test
    void missingSignatureHeadersAreRefused() throws Exception {
        byte[] body = json(Map.of("type", 1));
        String now = String.valueOf(Instant.now().getEpochSecond());
        assertThat(post(body, null, null).statusCode()).isEqualTo(401);
        assertThat(post(body, sign(discordKey, now, body), null).statusCode()).isEqualTo(401);
        assertThat(post(body, null, now).statusCode()).isEqualTo(401);
        assertThat(post(body, "not-hex", now).statusCode()).isEqualTo(401);
    }

    @Test
    void aSignedBodyThatIsNotJsonOrNotAnInteractionIsABadRequest() throws Exception {
        assertThat(signedPost("{\"type\": 2, ".getBytes(StandardCharsets.UTF_8)).statusCode()).isEqualTo(400);
        assertThat(signedPost("[1, 2]".getBytes(StandardCharsets.UTF_8)).statusCode()).isEqualTo(400);
        assertThat(signedPost(json(Map.of("type", 42))).statusCode()).isEqualTo(400);
        // A command without its token cannot be answered later.
        assertThat(signedPost(json(Map.of("type", 2, "id", "1", "data", Map.of("name", "imagine")))).statusCode()).isEqualTo(400);
        assertThat(signedPost(json(Map.of("type", 2, "id", "1", "application_id", "../../x", "token", "t",
                "data", Map.of("name", "imagine")))).statusCode()).isEqualTo(400);
    }

    @Test
    void anUnknownCommandOrButtonGetsAnAnswerOnlyThePersonSees() throws Exception {
        DiscordUser user = new DiscordUser(discord);
        Sent unknown = user.next();
        Map<String, Object> answer = FakeDiscord.read(signedPost(json(DiscordPayloads.slashCommand(unknown.id(), unknown.token(),
                "9", "teleport", Map.of(), user.channel, user.id))).body());
        assertThat(answer).containsEntry("type", 4);
        assertThat(answer.get("data").toString()).contains("/teleport", "flags=64");

        Sent button = user.next();
        Map<String, Object> pressed = FakeDiscord.read(signedPost(json(DiscordPayloads.buttonPress(button.id(), button.token(),
                "zz:nonsense", discord.nextId(), user.channel, user.id))).body());
        assertThat(pressed).containsEntry("type", 4);
        assertThat(pressed.get("data").toString()).contains("expired", "flags=64");
    }

    // ---- Discord's side ----------------------------------------------------------------

    private static byte[] json(Map<String, Object> payload) {
        return SignedInteractions.json(payload);
    }

    private static HttpResponse<String> signedPost(byte[] body) {
        return SIGNED.signedPost(body);
    }

    private static String sign(PrivateKey key, String timestamp, byte[] body) {
        return SignedInteractions.sign(key, timestamp, body);
    }

    private static HttpResponse<String> post(byte[] body, String signature, String timestamp) {
        return SIGNED.post(body, signature, timestamp);
    }
}
