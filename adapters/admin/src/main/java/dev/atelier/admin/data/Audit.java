package dev.atelier.admin.data;

import dev.atelier.core.rules.AuditLog;

import javax.sql.DataSource;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** The audit log, filtered by who, what, which subject and when (newest first). */
public final class Audit {

    private final ConsoleDb db;

    public Audit(DataSource dataSource) {
        this.db = new ConsoleDb(dataSource);
    }

    public List<AuditLog.Entry> search(String actor, String action, String subject, LocalDate from, LocalDate to, int limit) {
        StringBuilder sql = new StringBuilder("SELECT id, at, actor, action, subject, detail FROM audit_log WHERE true");
        List<Object> args = new ArrayList<>();
        if (Conversations.notBlank(actor)) {
            sql.append(" AND actor = ?");
            args.add(actor.strip());
        }
        if (Conversations.notBlank(action)) {
            sql.append(" AND action LIKE ?");
            args.add(action.strip().replace("%", "\\%").replace("_", "\\_") + "%");
        }
        if (Conversations.notBlank(subject)) {
            sql.append(" AND subject ILIKE ?");
            args.add(Conversations.like(subject));
        }
        if (from != null) {
            sql.append(" AND at >= ?");
            args.add(Timestamp.from(from.atStartOfDay(ZoneOffset.UTC).toInstant()));
        }
        if (to != null) {
            sql.append(" AND at < ?");
            args.add(Timestamp.from(to.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant()));
        }
        sql.append(" ORDER BY at DESC, id DESC LIMIT ").append(Math.max(1, Math.min(500, limit)));
        return db.query(sql.toString(), ConsoleDb.params(args.toArray()), rs -> new AuditLog.Entry(rs.getLong("id"),
                rs.getTimestamp("at").toInstant(), rs.getString("actor"), rs.getString("action"), rs.getString("subject"),
                rs.getString("detail")));
    }
}
