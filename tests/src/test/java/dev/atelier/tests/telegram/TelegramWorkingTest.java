package dev.atelier.tests.telegram;

import com.sun.net.httpserver.HttpServer;
import dev.atelier.tests.support.RunningAtelier;
import dev.atelier.tests.telegram.FakeTelegram.Call;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.atelier.tests.telegram.Seen.TURN;
import static dev.atelier.tests.telegram.Seen.awaitPhotos;
import static dev.atelier.tests.telegram.Seen.settle;
import static dev.atelier.tests.telegram.Seen.texts;
import static org.assertj.core.api.Assertions.assertThat;

/** What a Telegram chat sees while the bot works, and when something on its side breaks. */
@DisplayName("Telegram: 'sending a photo…' while working, apologies for our own failures, no update dropped")
class TelegramWorkingTest {

    @Test
    void sendingAPhotoIsShownAgainAndAgainWhileTheJobRunsAndNoMoreOnceThePhotoIsThere() throws Exception {
        long chat = 9_301;
        try (FakeTelegram telegram = new FakeTelegram()) {
            // The prompt model answers only after the bot has shown "sending a photo…" three times.
            HttpServer model = modelAnsweringWhen(() -> telegram.calls("sendChatAction", c -> c.chatId() == chat).size() >= 3);
            Map<String, Object> settings = new HashMap<>(TelegramAteliers.settings(telegram));
            settings.put("atelier.mllm.url", "http://127.0.0.1:" + model.getAddress().getPort() + "/v1");
            settings.put("atelier.telegram.chat-action-interval", "200ms");
            try (RunningAtelier atelier = RunningAtelier.onTestServers(settings)) {
                telegram.deliver(telegram.textMessage(chat, "a lighthouse on a cliff"));

                Call photo = awaitPhotos(telegram, chat, 1).getFirst();
                settle();
                List<Call> actions = telegram.calls("sendChatAction", c -> c.chatId() == chat);
                Call status = telegram.calls("sendMessage", c -> c.chatId() == chat).getFirst();
                assertThat(actions).hasSizeGreaterThanOrEqualTo(3)
                        .allSatisfy(a -> assertThat(a.param("action")).isEqualTo("upload_photo"))
                        // after the status message (a message from the bot clears the action) …
                        .allSatisfy(a -> assertThat(a.at()).isAfterOrEqualTo(status.at()))
                        // … and stopped with the photo (one may have been on its way as it went)
                        .filteredOn(a -> a.at().isAfter(photo.at().plusMillis(100))).isEmpty();
            } finally {
                model.stop(0);
            }
        }
    }

    @Test
    void anInternalFailureIsAnsweredWithAShortApologyAndAReferenceAndTheNextMessageWorks() throws Exception {
        long chat = 9_302;
        try (FakeTelegram telegram = new FakeTelegram();
             RunningAtelier atelier = RunningAtelier.onTestServers(TelegramAteliers.settings(telegram))) {
            telegram.deliver(telegram.textMessage(chat, "a red kite"));
            Call kite = awaitPhotos(telegram, chat, 1).getFirst();
            // GIVEN the table of posted pictures is gone (a broken database, as far as the bot knows)
            String jdbc = atelier.context().getBean(dev.atelier.app.wiring.Servers.class).jdbcUrl();
            try (Connection c = DriverManager.getConnection(jdbc)) {
                c.createStatement().execute("ALTER TABLE posted_pictures RENAME TO posted_pictures_away");
            }

            // WHEN the person replies to the picture
            telegram.deliver(telegram.replyingTo(telegram.textMessage(chat, "make it night"), kite));

            // THEN they get a short apology with a reference, and no stack trace
            telegram.await("the apology", TURN, () -> texts(telegram, chat).stream().anyMatch(t -> t.startsWith("Sorry")));
            String apology = texts(telegram, chat).stream().filter(t -> t.startsWith("Sorry")).findFirst().orElseThrow();
            assertThat(apology).matches("Sorry, something went wrong on my side\\. If it keeps happening, quote reference [0-9a-f]{8}\\.");

            // AND once the database is back, the bot goes on
            try (Connection c = DriverManager.getConnection(jdbc)) {
                c.createStatement().execute("ALTER TABLE posted_pictures_away RENAME TO posted_pictures");
            }
            telegram.deliver(telegram.textMessage(chat, "a blue kite"));
            awaitPhotos(telegram, chat, 2);
        }
    }

    @Test
    void inPollingModeAChatWithMoreUpdatesThanItsLaneHoldsLosesNone() {
        long chat = 9_303;
        try (FakeTelegram telegram = new FakeTelegram();
             RunningAtelier atelier = RunningAtelier.onTestServers(TelegramAteliers.settings(telegram))) {
            // GIVEN the bot is stuck answering this chat
            var release = telegram.holdNext("sendMessage");
            telegram.deliver(telegram.textMessage(chat, "/help"));
            telegram.await("the held answer", TURN, () -> !telegram.calls("held:sendMessage", c -> c.chatId() == chat).isEmpty());

            // WHEN 300 more updates of the chat come (more than its lane holds)
            @SuppressWarnings("unchecked")
            Map<String, Object>[] many = new Map[300];
            for (int i = 0; i < many.length; i++) many[i] = telegram.textMessage(chat, "/help");
            telegram.deliver(many);
            settle();
            release.countDown();

            // THEN every one of them is answered
            telegram.await("301 answers", TURN, () -> telegram.calls("sendMessage", c -> c.chatId() == chat).size() == 301);
        }
    }

    /** An OpenAI-compatible prompt model that answers once {@code ready} is true. */
    static HttpServer modelAnsweringWhen(java.util.function.BooleanSupplier ready) throws Exception {
        HttpServer model = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        model.createContext("/v1/chat/completions", exchange -> {
            exchange.getRequestBody().readAllBytes();
            long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!ready.getAsBoolean() && System.nanoTime() < end) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            byte[] body = ("{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"model\":\"llava\",\"choices\":[{\"index\":0,"
                    + "\"message\":{\"role\":\"assistant\",\"content\":\"Here it is.\\n<gen_image>a lighthouse on a cliff, "
                    + "stormy sea, oil painting</gen_image>\"},\"finish_reason\":\"stop\"}]}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        model.start();
        return model;
    }
}
