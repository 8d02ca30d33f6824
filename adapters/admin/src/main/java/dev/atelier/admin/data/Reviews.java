package dev.atelier.admin.data;

import javax.sql.DataSource;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The review queue ({@code moderation_reviews}): what moderation (and any other check that
 * writes there) stopped, waiting for a moderator to approve or delete it.
 */
public final class Reviews {

    public record Row(long id, String stage, String platform, String platformUserId, UUID conversationId, UUID jobId,
                      String text, long ruleId, String reason, String status, Instant createdAt, Double score,
                      UUID imageId, String action) {
    }

    private final ConsoleDb db;

    public Reviews(DataSource dataSource) {
        this.db = new ConsoleDb(dataSource);
    }

    public List<Row> open() {
        return db.query("SELECT * FROM moderation_reviews WHERE status = 'open' ORDER BY created_at DESC LIMIT 200",
                ConsoleDb.params(), Reviews::row);
    }

    public Optional<Row> find(long id) {
        return db.one("SELECT * FROM moderation_reviews WHERE id = ?", ConsoleDb.params(id), Reviews::row);
    }

    /** Closes an open item as approved or deleted; false when it was closed already. */
    public boolean close(long id, String status) {
        return db.update("UPDATE moderation_reviews SET status = ? WHERE id = ? AND status = 'open'",
                ConsoleDb.params(status, id)) == 1;
    }

    /** The identity behind a conversation (a generation prompt's review has no identity of its own). */
    public Optional<String[]> ownerIdentity(UUID conversationId) {
        return db.one("""
                SELECT p.platform, p.platform_user_id FROM conversations c
                JOIN platform_identities p ON p.user_id = c.owner_id AND p.platform = c.platform
                WHERE c.id = ? LIMIT 1""", ConsoleDb.params(conversationId), rs -> new String[]{rs.getString(1), rs.getString(2)});
    }

    /**
     * The identity that asked for the job (its quota reservation's user, on the conversation's
     * platform): in a shared chat that is not the conversation's owner. Empty when the job has
     * no reservation.
     */
    public Optional<String[]> askerIdentity(UUID jobId) {
        return db.one("""
                SELECT p.platform, p.platform_user_id FROM quota_reservations q
                JOIN jobs j ON j.id = q.job_id JOIN conversations c ON c.id = j.conversation_id
                JOIN platform_identities p ON p.user_id = q.user_id AND p.platform = c.platform
                WHERE q.job_id = ? LIMIT 1""", ConsoleDb.params(jobId), rs -> new String[]{rs.getString(1), rs.getString(2)});
    }

    private static Row row(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Row(rs.getLong("id"), rs.getString("stage"), rs.getString("platform"), rs.getString("platform_user_id"),
                rs.getObject("conversation_id", UUID.class), rs.getObject("job_id", UUID.class), rs.getString("text"),
                rs.getLong("rule_id"), rs.getString("reason"), rs.getString("status"), rs.getTimestamp("created_at").toInstant(),
                (Double) rs.getObject("score"), rs.getObject("image_id", UUID.class), rs.getString("action"));
    }
}
