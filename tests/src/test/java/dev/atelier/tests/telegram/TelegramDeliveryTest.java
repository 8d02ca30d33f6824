package dev.atelier.tests.telegram;

import dev.atelier.core.job.JobStore;
import dev.atelier.tests.support.RunningAtelier;
import dev.atelier.tests.telegram.FakeTelegram.Call;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("A Telegram result is posted exactly once, whatever goes wrong on the way")
class TelegramDeliveryTest {

    private static final Duration TURN = Duration.ofSeconds(60);

    @Test
    void aResultWhosePostingFailedIsPostedOnceByTheNextSweep() {
        long chat = 8_001;
        try (FakeTelegram telegram = new FakeTelegram();
             RunningAtelier atelier = RunningAtelier.onTestServers(TelegramAteliers.settings(telegram))) {
            // GIVEN Telegram fails the first sendPhoto with a server error
            telegram.failNext("sendPhoto", 1);

            // WHEN a person asks for a picture
            telegram.deliver(telegram.textMessage(chat, "a windmill by a canal"));

            // THEN the photo still arrives, once
            telegram.await("the photo", TURN, () -> delivered(telegram, chat).size() == 1);
            settle();
            assertThat(delivered(telegram, chat)).hasSize(1);
            assertThat(telegram.calls("sendPhoto", c -> c.chatId() == chat)).hasSize(2);
        }
    }

    @Test
    void aJobThatFinishedWhileTheBotWasDownIsPostedOnceWhenTheBotStarts() {
        long chat = 8_002;
        Path data = RunningAtelier.newDataDir();
        try (FakeTelegram telegram = new FakeTelegram()) {
            // GIVEN a bot-only Atelier (no worker) that accepted a text and showed its status message
            try (RunningAtelier bot = RunningAtelier.embedded(data, with(telegram, "bot"))) {
                telegram.deliver(telegram.textMessage(chat, "a lantern on a jetty"));
                telegram.await("the status message", TURN,
                        () -> !telegram.calls("sendMessage", c -> c.chatId() == chat).isEmpty());
            }
            int statusMessage = telegram.calls("sendMessage", c -> c.chatId() == chat).getFirst().resultMessageId();

            // AND a worker that ran the job while no bot was there to hear of it
            try (RunningAtelier worker = RunningAtelier.embedded(data, with(telegram, "worker"))) {
                JobStore jobs = worker.context().getBean(JobStore.class);
                telegram.await("the job to finish", TURN, () -> jobs.unfinished().isEmpty());
            }
            assertThat(telegram.calls("sendPhoto", c -> c.chatId() == chat)).isEmpty();

            // WHEN the bot starts again
            try (RunningAtelier bot = RunningAtelier.embedded(data, with(telegram, "bot"))) {
                // THEN the photo is posted and the stale status message removed
                telegram.await("the photo", TURN, () -> delivered(telegram, chat).size() == 1);
                telegram.await("the status message removed", TURN, () -> !telegram.calls("deleteMessage",
                        c -> c.chatId() == chat && c.param("message_id").equals(String.valueOf(statusMessage))).isEmpty());
                settle();
                assertThat(delivered(telegram, chat)).hasSize(1);
                assertThat(delivered(telegram, chat).getFirst().param("caption")).contains("lantern");
            }
        }
    }

    @Test
    void aRestartInTheMiddleOfAJobGivesExactlyOneReplyEvenWhenTelegramSendsTheUpdateAgain() {
        long chat = 8_003;
        Path data = RunningAtelier.newDataDir();
        try (FakeTelegram telegram = new FakeTelegram()) {
            // A long job (1,000 steps at 256²: seconds even for the tiny model), surely running when Atelier stops
            Map<String, Object> settings = new HashMap<>(TelegramAteliers.settings(telegram));
            settings.put("atelier.generation.max-steps", 1000);
            settings.put("atelier.generation.default-steps", 1000);
            settings.put("atelier.generation.default-width", 256);
            settings.put("atelier.generation.default-height", 256);
            var update = telegram.textMessage(chat, "a lantern on a jetty");

            // GIVEN a person's picture is being painted
            try (RunningAtelier first = RunningAtelier.embedded(data, settings)) {
                telegram.deliver(update);
                telegram.await("the job running", TURN,
                        () -> !telegram.calls("editMessageText", c -> c.chatId() == chat).isEmpty());
                // WHEN Atelier stops in the middle of it
            }
            assertThat(delivered(telegram, chat)).isEmpty();

            // AND starts again, and Telegram sends the update again (it may not have heard it was taken)
            try (RunningAtelier second = RunningAtelier.embedded(data, settings)) {
                telegram.deliver(update);

                // THEN the person gets exactly one photo, and no second status message
                telegram.await("the photo", TURN, () -> delivered(telegram, chat).size() == 1);
                settle();
                assertThat(delivered(telegram, chat)).hasSize(1);
                assertThat(delivered(telegram, chat).getFirst().param("caption")).contains("lantern");
                assertThat(telegram.calls("sendMessage", c -> c.chatId() == chat)).hasSize(1);
                JobStore jobs = second.context().getBean(JobStore.class);
                assertThat(jobs.unfinished()).isEmpty();
            }
        }
    }

    private static Map<String, Object> with(FakeTelegram telegram, String role) {
        Map<String, Object> p = new HashMap<>(TelegramAteliers.settings(telegram));
        p.put("atelier.role", role);
        return p;
    }

    private static List<Call> delivered(FakeTelegram telegram, long chat) {
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
