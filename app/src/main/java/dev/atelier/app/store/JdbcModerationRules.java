package dev.atelier.app.store;

import dev.atelier.core.rules.ModerationRules;
import dev.atelier.core.rules.moderation.PromptMatcher;
import dev.atelier.core.rules.moderation.PromptRule;

import javax.sql.DataSource;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/** Moderation rules and the review queue in PostgreSQL ({@code moderation_rules}, {@code moderation_reviews}, V3 and V7). */
public final class JdbcModerationRules implements ModerationRules {

    private static final String COLUMNS = "id, kind, pattern, reason, created_by, created_at";

    private final Jdbc jdbc;

    public JdbcModerationRules(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    @Override
    public List<PromptRule> all() {
        return jdbc.query("SELECT " + COLUMNS + " FROM moderation_rules ORDER BY id", ps -> { },
                JdbcModerationRules::rule);
    }

    @Override
    public PromptRule add(String actor, PromptRule.Kind kind, String pattern, String reason) {
        PromptMatcher.validate(kind, pattern, reason); // a bad rule never reaches a message
        return jdbc.inTransaction(c -> {
            PromptRule rule = Jdbc.query(c, "INSERT INTO moderation_rules (kind, pattern, reason, created_by)"
                            + " VALUES (?, ?, ?, ?) RETURNING " + COLUMNS,
                    ps -> {
                        ps.setString(1, kind.wireName());
                        ps.setString(2, pattern);
                        ps.setString(3, reason.strip());
                        ps.setString(4, actor);
                    }, JdbcModerationRules::rule).getFirst();
            JdbcAuditLog.write(c, actor, "moderation.add", "rule:" + rule.id(),
                    kind.wireName() + " " + pattern + " (" + rule.reason() + ")");
            return rule;
        });
    }

    @Override
    public boolean remove(String actor, long ruleId) {
        return jdbc.inTransaction(c -> {
            List<String> removed = Jdbc.query(c, "DELETE FROM moderation_rules WHERE id = ? RETURNING kind || ' ' || pattern",
                    ps -> ps.setLong(1, ruleId), rs -> rs.getString(1));
            if (!removed.isEmpty()) JdbcAuditLog.write(c, actor, "moderation.remove", "rule:" + ruleId, removed.getFirst());
            return !removed.isEmpty();
        });
    }

    @Override
    public void review(Blocked b) {
        jdbc.inTransaction(c -> {
            long id = Jdbc.query(c, """
                    INSERT INTO moderation_reviews (stage, platform, platform_user_id, conversation_id, job_id, text,
                                                    rule_id, reason, score, image_id, action)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id""",
                    ps -> {
                        ps.setString(1, b.stage());
                        ps.setString(2, b.platform());
                        ps.setString(3, b.platformUserId());
                        ps.setObject(4, b.conversationId());
                        ps.setObject(5, b.jobId());
                        ps.setString(6, b.text());
                        if (b.ruleId() > 0) ps.setLong(7, b.ruleId());
                        else ps.setNull(7, java.sql.Types.BIGINT);
                        ps.setString(8, b.reason());
                        if (b.score() != null) ps.setDouble(9, b.score());
                        else ps.setNull(9, java.sql.Types.DOUBLE);
                        ps.setObject(10, b.imageId());
                        ps.setString(11, b.action());
                    }, rs -> rs.getLong(1)).getFirst();
            // What the classifier stopped was decided by no person: the system is the actor.
            if (b.action() != null) {
                JdbcAuditLog.write(c, "system", "safety." + b.action(), "job:" + b.jobId(),
                        String.format(java.util.Locale.ROOT, "score=%.4f image=%s review=%d", b.score(), b.imageId(), id));
            }
            return null;
        });
    }

    private static PromptRule rule(ResultSet rs) throws SQLException {
        return new PromptRule(rs.getLong(1), PromptRule.Kind.byWireName(rs.getString(2)), rs.getString(3),
                rs.getString(4), rs.getString(5), rs.getTimestamp(6).toInstant());
    }
}
