package dev.atelier.app.store;

import dev.atelier.core.rules.AuditLog;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** The audit log in PostgreSQL ({@code audit_log}, V1). */
public final class JdbcAuditLog implements AuditLog {

    private final Jdbc jdbc;

    public JdbcAuditLog(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    @Override
    public void record(String actor, String action, String subject, String detail) {
        jdbc.inConnection(c -> {
            write(c, actor, action, subject, detail);
            return null;
        });
    }

    @Override
    public List<Entry> recent(int limit) {
        return jdbc.query("SELECT id, at, actor, action, subject, detail FROM audit_log ORDER BY id DESC LIMIT ?",
                ps -> ps.setInt(1, limit),
                rs -> new Entry(rs.getLong(1), rs.getTimestamp(2).toInstant(), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6)));
    }

    /** For the rule stores: the entry goes in the same transaction as the change it records. */
    static void write(Connection c, String actor, String action, String subject, String detail) throws SQLException {
        if (actor == null || actor.isBlank()) throw new IllegalArgumentException("a rule change needs an actor");
        Jdbc.update(c, "INSERT INTO audit_log (actor, action, subject, detail) VALUES (?, ?, ?, ?)", ps -> {
            ps.setString(1, actor);
            ps.setString(2, action);
            ps.setString(3, subject);
            ps.setString(4, detail);
        });
    }
}
