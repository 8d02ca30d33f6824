package dev.atelier.tests.rules;

import dev.atelier.core.rules.UserLimits;
import dev.atelier.tests.support.Api;
import dev.atelier.tests.support.RunningAtelier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("A user who floods is told when to come back; everyone else is served")
class RateLimitTest {

    private static final int BURST = 5;
    private static RunningAtelier atelier;
    private static RuleChecks checks;

    @BeforeAll
    static void start() {
        // Every user: 5 at once, then 10 a minute; the chat limits are out of the way here.
        atelier = RunningAtelier.onTestServers(Map.of("atelier.limits.per-minute", 10, "atelier.limits.burst", BURST,
                "atelier.limits.chat-per-minute", 1000, "atelier.limits.chat-burst", 1000));
        checks = new RuleChecks(atelier);
    }

    @AfterAll
    static void stop() {
        atelier.close();
    }

    @Test
    void aUserFloodingAHundredMessagesInASecondIsLimitedWhileAnotherUsersMessageIsServed() throws Exception {
        String floodChat = atelier.api().createConversation();
        String calmChat = atelier.api().createConversation();
        checks.userId("flood"); // the flood's user exists already, as a regular's would
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Api.Reply>> flood = new ArrayList<>();
        Future<Api.Reply> calm;
        long start;
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            // WHEN "flood" sends 100 messages at once, and "calm" one in the middle of them
            for (int i = 0; i < 100; i++) {
                int n = i;
                flood.add(pool.submit(() -> {
                    go.await();
                    return checks.send(floodChat, "flood", "a red boat number " + n);
                }));
            }
            calm = pool.submit(() -> {
                go.await();
                Thread.sleep(100);
                return checks.send(calmChat, "calm", "a quiet harbour");
            });
            start = System.nanoTime();
            go.countDown();
            for (Future<Api.Reply> f : flood) f.get();
        }
        long floodMs = (System.nanoTime() - start) / 1_000_000;

        // THEN the burst is served and the rest are refused with 429, a problem document and Retry-After
        List<Api.Reply> replies = new ArrayList<>();
        for (Future<Api.Reply> f : flood) replies.add(f.get());
        long accepted = replies.stream().filter(r -> r.status() == 202).count();
        List<Api.Reply> limited = replies.stream().filter(r -> r.status() == 429).toList();
        System.out.printf("rate limit: 100 messages answered in %d ms: %d accepted, %d limited%n", floodMs, accepted,
                limited.size());
        // A token comes back every 6 s, so a slow machine may let one more through.
        assertThat(accepted).isBetween((long) BURST, (long) BURST + 1);
        assertThat(accepted + limited.size()).isEqualTo(100);
        for (Api.Reply r : limited) {
            RuleChecks.assertProblem(r, 429, "You are sending messages too fast. Try again in");
            assertThat(Integer.parseInt(r.header("Retry-After"))).isBetween(1, 60);
        }

        // AND the other user's message, sent in the middle of the flood, is served
        assertThat(calm.get().status()).as(calm.get().text()).isEqualTo(202);
        assertThat(checks.count("SELECT count(*) FROM jobs WHERE conversation_id = ?", UUID.fromString(floodChat)))
                .isEqualTo(accepted);
    }

    @Test
    void aPerUserOverrideChangesThatUsersLimitOnly() {
        // GIVEN an admin lets "slow" send one message at a time, one a minute
        UUID slow = checks.userId("slow");
        atelier.context().getBean(UserLimits.class).setRateLimit("admin:alice", slow, 1, 1);
        String chat = atelier.api().createConversation();

        // THEN slow's second message is limited with a wait of up to a minute
        assertThat(checks.send(chat, "slow", "a tree").status()).isEqualTo(202);
        Api.Reply second = checks.send(chat, "slow", "a tree in winter");
        RuleChecks.assertProblem(second, 429, "too fast");
        assertThat(Integer.parseInt(second.header("Retry-After"))).isBetween(50, 60);

        // AND a user on the defaults still has their burst
        String other = atelier.api().createConversation();
        for (int i = 0; i < 3; i++) assertThat(checks.send(other, "regular", "a tree " + i).status()).isEqualTo(202);
    }

    @Test
    void aBusyChatIsLimitedForEveryoneInItAndNoOtherChat() {
        // GIVEN an Atelier where a chat takes 3 messages at once, whoever sends them
        try (RunningAtelier busy = RunningAtelier.onTestServers(Map.of("atelier.limits.chat-per-minute", 6,
                "atelier.limits.chat-burst", 3))) {
            RuleChecks here = new RuleChecks(busy);
            String chat = busy.api().createConversation();
            for (String user : List.of("ann", "ben", "cat")) {
                assertThat(here.send(chat, user, "a kite").status()).isEqualTo(202);
            }

            // WHEN a fourth person writes in that chat, THEN the chat's limit refuses it
            Api.Reply refused = here.send(chat, "dan", "a kite");
            RuleChecks.assertProblem(refused, 429, "This chat is sending messages too fast.");
            assertThat(Integer.parseInt(refused.header("Retry-After"))).isBetween(1, 10);

            // AND the same person in another chat is served
            assertThat(here.send(busy.api().createConversation(), "dan", "a kite").status()).isEqualTo(202);
        }
    }
}
