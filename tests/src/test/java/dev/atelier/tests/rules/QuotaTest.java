package dev.atelier.tests.rules;

import dev.atelier.core.rules.ModerationRules;
import dev.atelier.core.rules.UserLimits;
import dev.atelier.core.rules.moderation.PromptRule;
import dev.atelier.tests.support.Api;
import dev.atelier.tests.support.RunningAtelier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("A user's images for the day run out, and a failed job gives its image back")
class QuotaTest {

    private static RunningAtelier atelier;
    private static RuleChecks checks;

    @BeforeAll
    static void start() {
        atelier = RunningAtelier.onTestServers(Map.of("atelier.limits.images-per-day", 2));
        checks = new RuleChecks(atelier);
    }

    @AfterAll
    static void stop() {
        atelier.close();
    }

    private Map<String, Object> turn(String chat, String user, String text) {
        return atelier.api().awaitJob(checks.jobOf(checks.send(chat, user, text)), Duration.ofSeconds(60));
    }

    @Test
    void whenTheDaysImagesAreUsedUpTheNextMessageIsRefusedUntilTomorrow() {
        // GIVEN quinn has made her 2 images today
        String chat = atelier.api().createConversation();
        assertThat(turn(chat, "quinn", "a lighthouse").get("status")).isEqualTo("done");
        assertThat(turn(chat, "quinn", "a lighthouse at night").get("status")).isEqualTo("done");

        // WHEN she asks for a third, THEN she is told she is done for the day and when that ends
        Api.Reply refused = checks.send(chat, "quinn", "a lighthouse in fog");
        RuleChecks.assertProblem(refused, 429, "You have used your 2 images for today");
        assertThat(Integer.parseInt(refused.header("Retry-After"))).isBetween(1, 86_400);
        assertThat(checks.count("SELECT count(*) FROM turns WHERE conversation_id = ?", UUID.fromString(chat)))
                .as("two user turns and two answers; nothing for the refused one").isEqualTo(4);

        // AND another user still has theirs
        assertThat(turn(atelier.api().createConversation(), "ruth", "a lighthouse").get("status")).isEqualTo("done");
    }

    @Test
    void aJobThatFailsGivesItsImageBack() {
        // GIVEN fay may make one image a day, and a rule that stops the prompt the model writes for
        // a watercolor ("… soft washes, paper texture …") so that job fails
        UUID fay = checks.userId("fay");
        atelier.context().getBean(UserLimits.class).setDailyImages("admin:alice", fay, 1);
        ModerationRules moderation = atelier.context().getBean(ModerationRules.class);
        PromptRule rule = moderation.add("admin:alice", PromptRule.Kind.WORD, "paper texture", "No paper textures.");
        String chat = atelier.api().createConversation();
        try {
            // WHEN her first job fails
            Map<String, Object> failed = turn(chat, "fay", "a lighthouse, watercolor");
            assertThat(failed.get("status")).isEqualTo("failed");
        } finally {
            moderation.remove("admin:alice", rule.id());
        }

        // THEN her image is back: the next message is served, and only then is her day used up
        assertThat(turn(chat, "fay", "a red boat").get("status")).isEqualTo("done");
        RuleChecks.assertProblem(checks.send(chat, "fay", "a blue boat"), 429, "You have used your 1 images for today");
    }

    @Test
    void turnsRacingForTheLastImagesCannotPassTheQuota() throws Exception {
        // GIVEN racer may make 3 images a day
        UUID racer = checks.userId("racer");
        atelier.context().getBean(UserLimits.class).setDailyImages("admin:alice", racer, 3);
        String chat = atelier.api().createConversation();

        // WHEN 12 messages arrive at once
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Api.Reply>> replies = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 12; i++) {
                int n = i;
                replies.add(pool.submit(() -> {
                    go.await();
                    return checks.send(chat, "racer", "a kite number " + n);
                }));
            }
            go.countDown();
        }

        // THEN exactly 3 are accepted and the rest are told the day is used up
        int accepted = 0;
        for (Future<Api.Reply> f : replies) {
            Api.Reply r = f.get();
            if (r.status() == 202) accepted++;
            else RuleChecks.assertProblem(r, 429, "You have used your 3 images for today");
        }
        assertThat(accepted).isEqualTo(3);
    }
}
