package dev.atelier.admin.data;

import javax.sql.DataSource;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The live queue, running jobs and recent failures and cancellations. */
public final class Jobs {

    public record Row(UUID id, UUID conversationId, String platform, String owner, String task, String status,
                      int position, int step, int steps, int attempts, String error, Instant createdAt, Instant updatedAt) {
        public int percent() {
            return steps <= 0 ? 0 : Math.min(100, step * 100 / steps);
        }
    }

    public record Board(List<Row> queued, List<Row> running, List<Row> failed, List<Row> cancelled) {
    }

    private static final String SELECT = """
            SELECT j.id, j.conversation_id, c.platform, COALESCE(%1$s, u.display_name, '') AS owner,
                   j.task, j.status,
                   %2$s AS position, j.progress_step, j.progress_steps, j.attempts, j.error, j.created_at, j.updated_at
            FROM jobs j JOIN conversations c ON c.id = j.conversation_id LEFT JOIN users u ON u.id = c.owner_id
            """;

    private final ConsoleDb db;

    public Jobs(DataSource dataSource) {
        this.db = new ConsoleDb(dataSource);
    }

    public Board board() {
        return new Board(
                list(SELECT.formatted(Conversations.ASKER, "(row_number() OVER (ORDER BY j.created_at) - 1)")
                        + "WHERE j.status = 'queued' ORDER BY j.created_at LIMIT 200"),
                list(SELECT.formatted(Conversations.ASKER, "0") + "WHERE j.status = 'running' ORDER BY j.created_at LIMIT 200"),
                list(SELECT.formatted(Conversations.ASKER, "0") + "WHERE j.status = 'failed' ORDER BY j.updated_at DESC LIMIT 50"),
                list(SELECT.formatted(Conversations.ASKER, "0") + "WHERE j.status = 'cancelled' ORDER BY j.updated_at DESC LIMIT 20"));
    }

    private List<Row> list(String sql) {
        return db.query(sql, ConsoleDb.params(), rs -> new Row(rs.getObject("id", UUID.class),
                rs.getObject("conversation_id", UUID.class), rs.getString("platform"), rs.getString("owner"),
                rs.getString("task"), rs.getString("status"), rs.getInt("position"), rs.getInt("progress_step"),
                rs.getInt("progress_steps"), rs.getInt("attempts"), rs.getString("error"),
                rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("updated_at").toInstant()));
    }
}
