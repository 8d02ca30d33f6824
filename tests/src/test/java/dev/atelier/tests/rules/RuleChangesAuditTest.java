package dev.atelier.tests.rules;

import dev.atelier.core.rules.AuditLog;
import dev.atelier.core.rules.Bans;
import dev.atelier.core.rules.ModerationRules;
import dev.atelier.core.rules.UserLimits;
import dev.atelier.core.rules.moderation.PromptRule;
import dev.atelier.tests.support.RunningAtelier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

@DisplayName("Every rule change leaves an audit row saying who did what to whom")
class RuleChangesAuditTest {

    private static RunningAtelier atelier;

    @BeforeAll
    static void start() {
        atelier = RunningAtelier.onTestServers(Map.of());
    }

    @AfterAll
    static void stop() {
        atelier.close();
    }

    @Test
    void bansLimitsQuotasAndModerationRulesAreAudited() {
        var ctx = atelier.context();
        Bans bans = ctx.getBean(Bans.class);
        UserLimits limits = ctx.getBean(UserLimits.class);
        ModerationRules moderation = ctx.getBean(ModerationRules.class);
        UUID user = new RuleChecks(atelier).userId("dana");

        // WHEN an admin and a moderator change every kind of rule
        bans.banIdentity("admin:alice", "telegram", "4242", "spam");
        bans.unbanIdentity("mod:bob", "telegram", "4242");
        bans.banUser("mod:bob", user, "abuse");
        bans.unbanUser("admin:alice", user);
        limits.setRateLimit("admin:alice", user, 20, 8);
        limits.setDailyImages("admin:alice", user, 50);
        limits.clear("admin:alice", user);
        PromptRule rule = moderation.add("mod:bob", PromptRule.Kind.WORD, "gore", "No gore.");
        moderation.remove("mod:bob", rule.id());
        bans.unbanIdentity("admin:alice", "telegram", "nobody"); // no ban there: no change, no row

        // THEN the audit log has one row per change, newest first, with actor, action, subject and detail
        List<AuditLog.Entry> entries = ctx.getBean(AuditLog.class).recent(20);
        assertThat(entries).extracting(AuditLog.Entry::actor, AuditLog.Entry::action, AuditLog.Entry::subject,
                AuditLog.Entry::detail).containsExactly(
                tuple("mod:bob", "moderation.remove", "rule:" + rule.id(), "word gore"),
                tuple("mod:bob", "moderation.add", "rule:" + rule.id(), "word gore (No gore.)"),
                tuple("admin:alice", "limits.clear", "user:" + user, null),
                tuple("admin:alice", "quota.set", "user:" + user, "images_per_day=50"),
                tuple("admin:alice", "limit.set", "user:" + user, "per_minute=20 burst=8"),
                tuple("admin:alice", "unban", "user:" + user, null),
                tuple("mod:bob", "ban", "user:" + user, "abuse"),
                tuple("mod:bob", "unban", "identity:telegram:4242", null),
                tuple("admin:alice", "ban", "identity:telegram:4242", "spam"));
        assertThat(entries).allSatisfy(e -> assertThat(e.at()).isNotNull());
    }
}
