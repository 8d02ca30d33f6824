package dev.atelier.tests.rules;

import dev.atelier.core.rules.Bans;
import dev.atelier.tests.support.Api;
import dev.atelier.tests.support.RunningAtelier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("A banned user gets one short refusal and nothing else happens")
class BansTest {

    private static RunningAtelier atelier;
    private static RuleChecks checks;
    private static Bans bans;

    @BeforeAll
    static void start() {
        atelier = RunningAtelier.onTestServers(Map.of());
        checks = new RuleChecks(atelier);
        bans = atelier.context().getBean(Bans.class);
    }

    @AfterAll
    static void stop() {
        atelier.close();
    }

    @Test
    void aBannedUsersMessageIsRefusedAndNothingIsStoredWhileAnotherUserIsServed() {
        // GIVEN mallory is banned on the web
        bans.banIdentity("admin:alice", "web", "mallory", "spam");
        String conversation = atelier.api().createConversation();

        // WHEN mallory writes
        Api.Reply refused = checks.send(conversation, "mallory", "a red boat on a lake");

        // THEN one short refusal, and no turn, job or user was stored for it
        RuleChecks.assertProblem(refused, 403, "You are banned from this bot.");
        assertThat(checks.count("SELECT count(*) FROM turns WHERE conversation_id = ?", UUID.fromString(conversation))).isZero();
        assertThat(checks.count("SELECT count(*) FROM jobs WHERE conversation_id = ?", UUID.fromString(conversation))).isZero();
        assertThat(checks.count("SELECT count(*) FROM platform_identities WHERE platform_user_id = 'mallory'")).isZero();

        // AND bob, writing at the same time, is served
        Map<String, Object> job = atelier.api().awaitJob(checks.jobOf(checks.send(atelier.api().createConversation(), "bob",
                "a red boat on a lake")), Duration.ofSeconds(60));
        assertThat(job.get("status")).isEqualTo("done");
    }

    @Test
    void banningAUserCoversEveryIdentityAndUnbanningLetsThemBackIn() {
        // GIVEN trudy, who has talked to Atelier before
        String conversation = atelier.api().createConversation();
        assertThat(checks.send(conversation, "trudy", "a lighthouse").status()).isEqualTo(202);
        UUID trudy = checks.userId("trudy");

        // WHEN her user is banned, THEN her next message is refused
        bans.banUser("admin:alice", trudy, "abuse");
        RuleChecks.assertProblem(checks.send(conversation, "trudy", "a lighthouse at night"), 403, "banned");
        assertThat(bans.find("web", "trudy")).get().extracting(Bans.Ban::userId).isEqualTo(trudy);

        // WHEN she is unbanned, THEN she is served again
        assertThat(bans.unbanUser("admin:alice", trudy)).isTrue();
        assertThat(checks.send(conversation, "trudy", "a lighthouse at night").status()).isEqualTo(202);
        assertThat(bans.find("web", "trudy")).isEmpty();
    }
}
