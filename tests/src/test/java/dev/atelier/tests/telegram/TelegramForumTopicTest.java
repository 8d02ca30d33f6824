package dev.atelier.tests.telegram;

import dev.atelier.core.job.JobStore;
import dev.atelier.tests.support.RunningAtelier;
import dev.atelier.tests.telegram.FakeTelegram.Call;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static dev.atelier.tests.telegram.FakeTelegram.inTopic;
import static dev.atelier.tests.telegram.Seen.TURN;
import static dev.atelier.tests.telegram.Seen.buttons;
import static dev.atelier.tests.telegram.Seen.settle;
import static dev.atelier.tests.telegram.Seen.userTurns;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bot in a supergroup with forum topics: whatever it says about a message (status, "sending
 * a photo…", preview, result, refusals, help, settings) goes to the topic the message was written in.
 */
@DisplayName("Atelier as a Telegram bot in a forum supergroup answers in the person's topic")
class TelegramForumTopicTest {

    private static final AtomicLong GROUPS = new AtomicLong(-100_000_900);
    private static final long ADA = 601;
    private static final int TOPIC = 77;

    private static FakeTelegram telegram;
    private static RunningAtelier atelier;

    @BeforeAll
    static void start() {
        telegram = new FakeTelegram();
        atelier = RunningAtelier.onTestServers(slowJobs(telegram));
    }

    @AfterAll
    static void stop() {
        if (atelier != null) atelier.close();
        if (telegram != null) telegram.close();
    }

    /** Jobs long enough that "sending a photo…" and a preview photo show while they run. */
    private static Map<String, Object> slowJobs(FakeTelegram telegram) {
        Map<String, Object> settings = new HashMap<>(TelegramAteliers.settings(telegram));
        settings.put("atelier.generation.max-steps", 300);
        settings.put("atelier.generation.default-steps", 300);
        settings.put("atelier.generation.preview-every", 30);
        settings.put("atelier.telegram.chat-action-interval", "200ms");
        return settings;
    }

    @Test
    void aMentionInATopicIsAnsweredInThatTopicAndSoIsAPressOnItsPicture() {
        long group = GROUPS.decrementAndGet();
        // WHEN a person mentions the bot in a forum topic
        telegram.deliver(inTopic(telegram.groupText(group, ADA, "@atelier_bot a lighthouse on a rock"), TOPIC));

        // THEN the status message, "sending a photo…", any preview photo and the result all go to that topic
        Call result = awaitResults(group, 1).getFirst();
        settle();
        List<Call> sends = sends(group);
        System.out.printf("Telegram forum topic turn: %d Bot API calls %s%n",
                telegram.callsTo(group).size(), telegram.callsTo(group).stream().map(Call::method).toList());
        assertThat(sends).extracting(Call::method).contains("sendmessage", "sendchataction", "sendphoto");
        assertThat(sends).allSatisfy(c -> assertThat(c.param("message_thread_id")).as(c.method()).isEqualTo("77"));
        assertThat(result.param("caption")).contains("lighthouse");
        // AND the person's conversation is still theirs in the group (a topic is no conversation of its own)
        assertThat(userTurns(atelier, group + ":" + ADA)).hasSize(1);

        // WHEN they press Regenerate on the picture (the press carries the topic's message)
        telegram.deliver(inTopic(telegram.buttonPress(group, ADA, result.resultMessageId(), buttons(result).get("🔄 Regenerate")), TOPIC));

        // THEN the new picture goes to the topic as well
        awaitResults(group, 2);
        settle();
        assertThat(sends(group)).allSatisfy(c -> assertThat(c.param("message_thread_id")).as(c.method()).isEqualTo("77"));
    }

    @Test
    void helpSettingsAndRefusalsInATopicGoToThatTopic() {
        long group = GROUPS.decrementAndGet();
        telegram.deliver(inTopic(telegram.groupText(group, ADA, "/help"), TOPIC),
                inTopic(telegram.groupText(group, ADA, "/settings"), TOPIC),
                inTopic(telegram.groupText(group, ADA, "/imagine"), TOPIC));

        telegram.await("three answers", TURN, () -> sends(group).size() == 3);
        settle();
        assertThat(sends(group)).hasSize(3)
                .allSatisfy(c -> assertThat(c.param("message_thread_id")).isEqualTo("77"));
    }

    @Test
    void aMentionInTheGeneralTopicIsAnsweredWithoutAThread() {
        long group = GROUPS.decrementAndGet();
        // WHEN a person mentions the bot in the forum's General topic (its messages carry no thread id)
        telegram.deliver(inTopic(telegram.groupText(group, ADA, "@atelier_bot a windmill by a canal"), 0));

        // THEN nothing the bot sends names a thread
        awaitResults(group, 1);
        settle();
        assertThat(sends(group)).extracting(Call::method).contains("sendmessage", "sendphoto");
        assertThat(sends(group)).allSatisfy(c -> assertThat(c.param("message_thread_id")).as(c.method()).isNull());
    }

    @Test
    void aResultPostedAfterARestartStillGoesToTheTopic() {
        long group = GROUPS.decrementAndGet();
        Path data = RunningAtelier.newDataDir();
        try (FakeTelegram telegram = new FakeTelegram()) {
            // GIVEN a bot-only Atelier (no worker) that accepted a mention in a topic
            try (RunningAtelier bot = RunningAtelier.embedded(data, with(telegram, "bot"))) {
                telegram.deliver(inTopic(telegram.groupText(group, ADA, "@atelier_bot a lantern on a jetty"), TOPIC));
                telegram.await("the status message", TURN,
                        () -> !telegram.calls("sendMessage", c -> c.chatId() == group).isEmpty());
            }
            // AND a worker that ran the job while no bot was there to hear of it
            try (RunningAtelier worker = RunningAtelier.embedded(data, with(telegram, "worker"))) {
                JobStore jobs = worker.context().getBean(JobStore.class);
                telegram.await("the job to finish", TURN, () -> jobs.unfinished().isEmpty());
            }

            // WHEN the bot starts again, THEN it posts the photo into the topic
            try (RunningAtelier bot = RunningAtelier.embedded(data, with(telegram, "bot"))) {
                telegram.await("the photo", TURN,
                        () -> !telegram.calls("sendPhoto", c -> c.chatId() == group && c.result() != null).isEmpty());
                Call photo = telegram.calls("sendPhoto", c -> c.chatId() == group && c.result() != null).getFirst();
                assertThat(photo.param("caption")).contains("lantern");
                assertThat(photo.param("message_thread_id")).isEqualTo("77");
            }
        }
    }

    private static Map<String, Object> with(FakeTelegram telegram, String role) {
        Map<String, Object> p = new HashMap<>(TelegramAteliers.settings(telegram));
        p.put("atelier.role", role);
        return p;
    }

    /** The result photos (those with the result keyboard; a preview photo has none). */
    private static List<Call> awaitResults(long group, int count) {
        telegram.await(count + " result(s)", TURN, () -> results(group).size() >= count);
        return results(group);
    }

    private static List<Call> results(long group) {
        return telegram.calls("sendPhoto", c -> c.chatId() == group && c.result() != null && !c.replyMarkup().isEmpty());
    }

    /** Every call that sends something new into the group (edits and deletes name their message alone). */
    private static List<Call> sends(long group) {
        return telegram.calls().stream()
                .filter(c -> c.chatId() == group && c.method().startsWith("send"))
                .toList();
    }
}
