package dev.atelier.tests.telegram;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atelier.core.conversation.ConversationStore;
import dev.atelier.tests.support.RunningAtelier;
import dev.atelier.tests.telegram.FakeTelegram.Call;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code TELEGRAM_MODE=webhook}: Telegram posts updates to {@code /webhooks/telegram} of a real
 * Atelier, which answers through the fake Bot API. Only posts with the right secret are heard.
 */
@DisplayName("Atelier as a Telegram bot in webhook mode")
class TelegramWebhookTest {

    private static final Duration TURN = Duration.ofSeconds(60);
    private static final String SECRET = "s3cret_webhook-token";
    private static final String PUBLIC_URL = "https://atelier.example/webhooks/telegram";
    private static final AtomicLong CHATS = new AtomicLong(9_000);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static FakeTelegram telegram;
    private static RunningAtelier atelier;
    private static URI webhook;

    @BeforeAll
    static void start() {
        telegram = new FakeTelegram();
        Map<String, Object> p = new HashMap<>(TelegramAteliers.settings(telegram));
        p.put("atelier.telegram.mode", "webhook");
        p.put("atelier.telegram.webhook-url", PUBLIC_URL);
        p.put("atelier.telegram.webhook-secret", SECRET);
        atelier = RunningAtelier.onTestServers(p);
        webhook = atelier.context().getBean(EmbeddedServer.class).getURI().resolve("/webhooks/telegram");
    }

    @AfterAll
    static void stop() {
        if (atelier != null) atelier.close();
        if (telegram != null) telegram.close();
    }

    @Test
    void atStartTheWebhookIsSetWithTheSecretAndTheUpdateKindsAndNothingPolls() throws Exception {
        // THEN setWebhook was called once with the public URL, the secret and what the bot acts on
        telegram.await("setWebhook", TURN, () -> !telegram.calls("setWebhook", c -> true).isEmpty());
        Call set = telegram.calls("setWebhook", c -> true).getFirst();
        assertThat(set.param("url")).isEqualTo(PUBLIC_URL);
        assertThat(set.param("secret_token")).isEqualTo(SECRET);
        assertThat(JSON.readValue(set.param("allowed_updates"), List.class)).containsExactly("message", "callback_query");
        // AND the route is there (a GET is the wrong method, not an unknown path)
        assertThat(atelier.api().get("/webhooks/telegram").status()).isEqualTo(405);
        // AND no long poll competes with the webhook (Telegram refuses getUpdates while one is set)
        settle();
        assertThat(telegram.polls()).isZero();
    }

    @Test
    void aTextPostedWithTheRightSecretGetsItsPhoto() {
        long chat = CHATS.incrementAndGet();
        // WHEN Telegram posts a text with the secret
        HttpResponse<String> answer = post(telegram.textMessage(chat, "a lighthouse in the fog"), SECRET);

        // THEN it is answered 200 at once, and the photo comes through the Bot API
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(awaitPhotos(chat, 1).getFirst().param("caption")).contains("lighthouse");
    }

    @Test
    void aWrongOrMissingSecretIs401AndNothingHappensUntilTheRealUpdateComes() {
        long chat = CHATS.incrementAndGet();
        Map<String, Object> update = telegram.textMessage(chat, "a castle made of sand");

        // WHEN someone posts without the secret, or with a wrong one
        HttpResponse<String> none = post(update, null);
        HttpResponse<String> wrong = post(update, SECRET + "x");
        HttpResponse<String> prefix = post(update, SECRET.substring(0, 5));
        // (a big body with a wrong secret is refused without being read, and without hanging)
        HttpResponse<String> big = post(BodyPublishers.ofByteArray(new byte[2 * 1024 * 1024]), "wrong");

        // THEN each is refused as a problem document, and nothing is asked of Telegram for that chat
        for (HttpResponse<String> r : List.of(none, wrong, prefix, big)) {
            assertThat(r.statusCode()).isEqualTo(401);
            assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
            assertThat(r.body()).contains("X-Telegram-Bot-Api-Secret-Token");
        }
        settle();
        assertThat(telegram.callsTo(chat)).isEmpty();
        // no conversation for that chat, so no turn and no job either
        ConversationStore conversations = atelier.context().getBean(ConversationStore.class);
        assertThat(conversations.findLatest("telegram", String.valueOf(chat))).isEmpty();

        // AND the refused posts left no trace: the same update from Telegram itself is a fresh turn
        assertThat(post(update, SECRET).statusCode()).isEqualTo(200);
        assertThat(awaitPhotos(chat, 1).getFirst().param("caption")).contains("castle");
        assertThat(conversations.findLatest("telegram", String.valueOf(chat))).isPresent();
    }

    @Test
    void malformedAndOversizedBodiesAre4xxAndTheNextUpdateStillWorks() {
        long chat = CHATS.incrementAndGet();
        // WHEN the webhook gets broken JSON, JSON that is no update, and bodies over 1 MiB
        byte[] big = new byte[1024 * 1024 + 10];
        Arrays.fill(big, (byte) ' ');
        big[0] = '{';
        big[big.length - 1] = '}';
        int broken = post(BodyPublishers.ofString("{\"update_id\": 5, \"message\": {"), SECRET).statusCode();
        int trailing = post(BodyPublishers.ofString("{\"update_id\": 5} junk"), SECRET).statusCode();
        int notAnUpdate = post(BodyPublishers.ofString("[1, 2, 3]"), SECRET).statusCode();
        int tooLarge = post(BodyPublishers.ofByteArray(big), SECRET).statusCode();
        // (without a Content-Length, as a chunked body: only reading it shows its size)
        int tooLargeChunked = post(BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big)), SECRET).statusCode();

        // THEN each is refused
        assertThat(List.of(broken, trailing, notAnUpdate)).containsOnly(400);
        assertThat(List.of(tooLarge, tooLargeChunked)).containsOnly(413);

        // AND an update of a kind the bot does not handle is taken (200) and skipped
        assertThat(post(telegram.update("message_reaction_count", Map.of("chat", Map.of("id", chat, "type", "private"))),
                SECRET).statusCode()).isEqualTo(200);

        // AND the next good update gets its photo
        assertThat(post(telegram.textMessage(chat, "a kite over the dunes"), SECRET).statusCode()).isEqualTo(200);
        assertThat(awaitPhotos(chat, 1).getFirst().param("caption")).contains("kite");
    }

    @Test
    void theSameUpdatePostedTwiceGetsOneReply() {
        long chat = CHATS.incrementAndGet();
        // WHEN Telegram posts an update again (it re-sends after a timeout or a failed answer)
        Map<String, Object> update = telegram.textMessage(chat, "an owl on a branch");
        assertThat(post(update, SECRET).statusCode()).isEqualTo(200);
        assertThat(post(update, SECRET).statusCode()).isEqualTo(200);

        // THEN there is one status message and one photo
        awaitPhotos(chat, 1);
        settle();
        assertThat(telegram.calls("sendPhoto", c -> c.chatId() == chat)).hasSize(1);
        assertThat(telegram.calls("sendMessage", c -> c.chatId() == chat)).hasSize(1);
    }

    @Test
    void whenAChatHasTooManyUpdatesWaitingTheWebhookAnswers503AndTheUpdateSentAgainIsAnswered() throws Exception {
        long chat = CHATS.incrementAndGet();
        // GIVEN the bot is stuck answering this chat (Telegram is slow to take its message)
        var release = telegram.holdNext("sendMessage");
        assertThat(post(telegram.textMessage(chat, "/help"), SECRET).statusCode()).isEqualTo(200);
        telegram.await("the held answer", TURN, () -> !telegram.calls("held:sendMessage", c -> c.chatId() == chat).isEmpty());

        // WHEN the chat's updates keep coming until its lane is full
        int accepted = 1;
        Map<String, Object> refused = null;
        for (int i = 0; i < 400 && refused == null; i++) {
            var update = telegram.textMessage(chat, "/help");
            HttpResponse<String> answer = post(update, SECRET);
            if (answer.statusCode() == 200) accepted++;
            else if (answer.statusCode() == 503) refused = update;
            else throw new AssertionError("unexpected " + answer.statusCode() + ": " + answer.body());
        }

        // THEN the first one past the limit is answered 503, so Telegram keeps it and sends it again
        assertThat(refused).isNotNull();
        assertThat(accepted).isGreaterThan(200);
        release.countDown();
        // AND once there is room again, the update sent again is taken, and every update gets its answer
        telegram.await("room in the lane", TURN, () -> telegram.calls("sendMessage", c -> c.chatId() == chat).size() > 10);
        assertThat(post(refused, SECRET).statusCode()).isEqualTo(200);
        int all = accepted + 1;
        telegram.await("every answer", TURN, () -> telegram.calls("sendMessage", c -> c.chatId() == chat).size() == all);
    }

    private static HttpResponse<String> post(Map<String, Object> update, String secret) {
        try {
            return post(BodyPublishers.ofByteArray(JSON.writeValueAsBytes(update)), secret);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static HttpResponse<String> post(BodyPublisher body, String secret) {
        HttpRequest.Builder request = HttpRequest.newBuilder(webhook).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30)).POST(body);
        if (secret != null) request.header("X-Telegram-Bot-Api-Secret-Token", secret);
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static List<Call> awaitPhotos(long chat, int count) {
        telegram.await(count + " photo(s) in chat " + chat, TURN,
                () -> telegram.calls("sendPhoto", c -> c.chatId() == chat && c.result() != null).size() >= count);
        return telegram.calls("sendPhoto", c -> c.chatId() == chat && c.result() != null);
    }

    private static void settle() {
        try {
            Thread.sleep(2500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
