package dev.atelier.tests.rules;

import dev.atelier.core.rules.ModerationRules;
import dev.atelier.core.rules.moderation.PromptMatcher;
import dev.atelier.core.rules.moderation.PromptRule;
import dev.atelier.tests.support.Api;
import dev.atelier.tests.support.RunningAtelier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("Moderation rules refuse a user's words and stop the model's prompts before generation")
class ModerationTest {

    private static RunningAtelier atelier;
    private static RuleChecks checks;
    private static ModerationRules moderation;

    @BeforeAll
    static void start() {
        atelier = RunningAtelier.onTestServers(Map.of());
        checks = new RuleChecks(atelier);
        moderation = atelier.context().getBean(ModerationRules.class);
    }

    @AfterEach
    void removeRules() {
        moderation.all().forEach(r -> moderation.remove("test", r.id()));
    }

    @AfterAll
    static void stop() {
        atelier.close();
    }

    @Test
    void aMessageThatBreaksARuleIsRefusedWithTheRulesReasonAndNothingIsStored() {
        // GIVEN a rule against gore
        moderation.add("admin:alice", PromptRule.Kind.WORD, "gore", "Gore is not allowed here.");
        String chat = atelier.api().createConversation();

        // WHEN a message says it, THEN 400 with the rule's reason, and no turn or job
        RuleChecks.assertProblem(checks.send(chat, "gus", "a castle full of GORE"), 400, "Gore is not allowed here.");
        assertThat(checks.count("SELECT count(*) FROM turns WHERE conversation_id = ?", UUID.fromString(chat))).isZero();
        assertThat(checks.count("SELECT count(*) FROM jobs WHERE conversation_id = ?", UUID.fromString(chat))).isZero();

        // AND a moderator finds it in the review queue
        assertThat(checks.rows("SELECT stage, platform, platform_user_id, text, reason FROM moderation_reviews"
                + " WHERE platform_user_id = 'gus'"))
                .containsExactly(List.of("user_text", "web", "gus", "a castle full of GORE", "Gore is not allowed here."));

        // AND a message without it is served
        assertThat(checks.send(chat, "gus", "a castle at dawn").status()).isEqualTo(202);
    }

    @Test
    void aGenerationPromptThatBreaksARuleFailsTheJobBeforeAnyImageIsMade() {
        // GIVEN a rule that the user's words do not break but the prompt the model writes for a
        // watercolor does ("… soft washes, paper texture …")
        moderation.add("admin:alice", PromptRule.Kind.REGEX, "paper\\s+textures?", "No paper textures.");
        String chat = atelier.api().createConversation();

        // WHEN the user asks for a watercolor
        Map<String, Object> job = atelier.api().awaitJob(checks.jobOf(checks.send(chat, "wendy", "a lighthouse, watercolor")),
                Duration.ofSeconds(60));

        // THEN the job failed with a message the user may read, and no image was made
        assertThat(job.get("status")).isEqualTo("failed");
        assertThat((String) job.get("error")).isEqualTo(
                "This image was not made: its prompt broke a moderation rule (No paper textures.).");
        assertThat((List<?>) job.get("images")).isEmpty();
        String jobId = (String) job.get("id");
        assertThat(checks.count("SELECT count(*) FROM images WHERE job_id = ? AND kind = 'generated'",
                UUID.fromString(jobId))).isZero();

        // AND the blocked prompt waits for a moderator in the review queue
        List<List<String>> reviews = checks.rows("SELECT stage, job_id::text, text, reason FROM moderation_reviews"
                + " WHERE job_id = ?", UUID.fromString(jobId));
        assertThat(reviews).hasSize(1);
        assertThat(reviews.getFirst().get(0)).isEqualTo("generation_prompt");
        assertThat(reviews.getFirst().get(2)).contains("lighthouse").contains("paper texture");
        assertThat(reviews.getFirst().get(3)).isEqualTo("No paper textures.");
    }

    @Test
    void aRegexThatCouldHangTheBotIsRefusedWhenAdded() {
        assertThatThrownBy(() -> moderation.add("admin:alice", PromptRule.Kind.REGEX, "(x+x+)+y", "no"))
                .isInstanceOf(PromptMatcher.InvalidRuleException.class).hasMessageContaining("backtracks");
        assertThatThrownBy(() -> moderation.add("admin:alice", PromptRule.Kind.REGEX, "[unclosed", "no"))
                .isInstanceOf(PromptMatcher.InvalidRuleException.class);
        assertThat(moderation.all()).isEmpty();
        assertThat(checks.count("SELECT count(*) FROM audit_log WHERE action = 'moderation.add'"
                + " AND detail LIKE '%unclosed%'")).isZero();

        // Users are unaffected by the refused rules.
        assertThat(checks.send(atelier.api().createConversation(), "xavier", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx").status())
                .isEqualTo(202);
    }
}
