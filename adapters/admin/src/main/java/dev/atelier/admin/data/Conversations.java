package dev.atelier.admin.data;

import javax.sql.DataSource;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Conversations, their turns and the gallery of generated images, as the console reads them. */
public final class Conversations {

    /** Who asked for job {@code j} in conversation {@code c}: the identity its image was reserved for. */
    static final String ASKER = """
            (SELECT p.display_name FROM quota_reservations q JOIN platform_identities p
             ON p.user_id = q.user_id AND p.platform = c.platform WHERE q.job_id = j.id LIMIT 1)""";
    /** Everyone who asked for something in conversation {@code c}. */
    static final String SPEAKERS = """
            COALESCE((SELECT string_agg(DISTINCT p.display_name, ', ') FROM jobs j JOIN quota_reservations q ON q.job_id = j.id
             JOIN platform_identities p ON p.user_id = q.user_id AND p.platform = c.platform WHERE j.conversation_id = c.id),
             u.display_name, '')""";
    /** A condition: someone matching the pattern (bound twice) asked for something in conversation {@code c}. */
    static final String SPOKEN_BY = """
            (EXISTS (SELECT 1 FROM platform_identities p WHERE p.user_id = c.owner_id AND (p.platform_user_id ILIKE ? OR p.display_name ILIKE ?))
             OR EXISTS (SELECT 1 FROM jobs j JOIN quota_reservations q ON q.job_id = j.id JOIN platform_identities p ON p.user_id = q.user_id
                        WHERE j.conversation_id = c.id AND (p.platform_user_id ILIKE ? OR p.display_name ILIKE ?)))""";

    private static final int PAGE = 50;

    public record Filter(String user, String platform, String text, LocalDate from, LocalDate to) {
    }

    public record Row(UUID id, String platform, String chatId, String owner, int turns, Instant createdAt, Instant lastAt) {
    }

    public record TurnRow(int seq, String role, String text, String task, List<String> prompts, List<UUID> imageIds,
                          UUID jobId, String jobStatus, String jobError, Instant createdAt) {
    }

    public record Detail(Row conversation, List<TurnRow> turns) {
    }

    public record Picture(UUID id, UUID conversationId, String platform, String owner, String task, int width, int height,
                          boolean flagged, Instant createdAt) {
    }

    private final ConsoleDb db;

    public Conversations(DataSource dataSource) {
        this.db = new ConsoleDb(dataSource);
    }

    public List<Row> search(Filter f) {
        StringBuilder sql = new StringBuilder("""
                SELECT c.id, c.platform, c.chat_id, %1$s AS owner, c.created_at,
                       (SELECT count(*) FROM turns t WHERE t.conversation_id = c.id) AS turns,
                       (SELECT max(t.created_at) FROM turns t WHERE t.conversation_id = c.id) AS last_at
                FROM conversations c LEFT JOIN users u ON u.id = c.owner_id WHERE true""".formatted(SPEAKERS));
        List<Object> args = new ArrayList<>();
        if (notBlank(f.platform())) {
            sql.append(" AND c.platform = ?");
            args.add(f.platform().strip());
        }
        if (notBlank(f.user())) {
            sql.append(" AND ").append(SPOKEN_BY);
            String like = like(f.user());
            for (int i = 0; i < 4; i++) args.add(like);
        }
        if (notBlank(f.text())) {
            sql.append(" AND EXISTS (SELECT 1 FROM turns t WHERE t.conversation_id = c.id AND (t.text ILIKE ? OR array_to_string(t.prompts, ' ') ILIKE ?))");
            args.add(like(f.text()));
            args.add(like(f.text()));
        }
        if (f.from() != null) {
            sql.append(" AND c.created_at >= ?");
            args.add(Timestamp.from(f.from().atStartOfDay(ZoneOffset.UTC).toInstant()));
        }
        if (f.to() != null) {
            sql.append(" AND c.created_at < ?");
            args.add(Timestamp.from(f.to().plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant()));
        }
        sql.append(" ORDER BY c.created_at DESC LIMIT ").append(PAGE);
        return db.query(sql.toString(), ConsoleDb.params(args.toArray()), Conversations::row);
    }

    public Optional<Detail> find(UUID id) {
        Optional<Row> row = db.one("""
                SELECT c.id, c.platform, c.chat_id, %1$s AS owner, c.created_at,
                       (SELECT count(*) FROM turns t WHERE t.conversation_id = c.id) AS turns,
                       (SELECT max(t.created_at) FROM turns t WHERE t.conversation_id = c.id) AS last_at
                FROM conversations c LEFT JOIN users u ON u.id = c.owner_id WHERE c.id = ?""".formatted(SPEAKERS),
                ConsoleDb.params(id), Conversations::row);
        if (row.isEmpty()) return Optional.empty();
        List<TurnRow> turns = db.query("""
                SELECT t.seq, t.role, t.text, t.task, t.prompts, t.image_ids, t.job_id, t.created_at, j.status, j.error
                FROM turns t LEFT JOIN jobs j ON j.id = t.job_id AND t.role = 'user'
                WHERE t.conversation_id = ? ORDER BY t.seq""", ConsoleDb.params(id),
                rs -> new TurnRow(rs.getInt("seq"), rs.getString("role"), rs.getString("text"), rs.getString("task"),
                        strings(rs.getArray("prompts")), uuids(rs.getArray("image_ids")), rs.getObject("job_id", UUID.class),
                        rs.getString("status"), rs.getString("error"), rs.getTimestamp("created_at").toInstant()));
        return Optional.of(new Detail(row.get(), turns));
    }

    /** The conversation an image belongs to (the gallery's click). */
    public Optional<UUID> conversationOfImage(UUID imageId) {
        return db.one("SELECT conversation_id FROM images WHERE id = ?", ConsoleDb.params(imageId),
                rs -> rs.getObject(1, UUID.class));
    }

    public List<Picture> gallery(String platform, String user, String task, boolean flaggedOnly, int limit) {
        StringBuilder sql = new StringBuilder("""
                SELECT i.id, i.conversation_id, c.platform, COALESCE(%1$s, u.display_name, '') AS owner, j.task, i.width, i.height,
                       EXISTS (SELECT 1 FROM moderation_reviews r WHERE r.job_id = i.job_id) AS flagged, i.created_at
                FROM images i JOIN conversations c ON c.id = i.conversation_id
                LEFT JOIN users u ON u.id = c.owner_id LEFT JOIN jobs j ON j.id = i.job_id
                WHERE i.kind = 'generated'""".formatted(ASKER));
        List<Object> args = new ArrayList<>();
        if (notBlank(platform)) {
            sql.append(" AND c.platform = ?");
            args.add(platform.strip());
        }
        if (notBlank(user)) {
            sql.append(" AND EXISTS (SELECT 1 FROM quota_reservations q JOIN platform_identities p ON p.user_id = q.user_id"
                    + " WHERE q.job_id = i.job_id AND (p.platform_user_id ILIKE ? OR p.display_name ILIKE ?))");
            args.add(like(user));
            args.add(like(user));
        }
        if (notBlank(task)) {
            sql.append(" AND j.task = ?");
            args.add(task.strip());
        }
        if (flaggedOnly) sql.append(" AND EXISTS (SELECT 1 FROM moderation_reviews r WHERE r.job_id = i.job_id)");
        sql.append(" ORDER BY i.created_at DESC LIMIT ").append(Math.max(1, Math.min(200, limit)));
        return db.query(sql.toString(), ConsoleDb.params(args.toArray()), rs -> new Picture(rs.getObject("id", UUID.class),
                rs.getObject("conversation_id", UUID.class), rs.getString("platform"), rs.getString("owner"),
                rs.getString("task"), rs.getInt("width"), rs.getInt("height"), rs.getBoolean("flagged"),
                rs.getTimestamp("created_at").toInstant()));
    }

    public List<String> platforms() {
        return db.query("SELECT DISTINCT platform FROM platform_identities ORDER BY 1", ConsoleDb.params(), rs -> rs.getString(1));
    }

    private static Row row(java.sql.ResultSet rs) throws java.sql.SQLException {
        Timestamp last = rs.getTimestamp("last_at");
        return new Row(rs.getObject("id", UUID.class), rs.getString("platform"), rs.getString("chat_id"), rs.getString("owner"),
                rs.getInt("turns"), rs.getTimestamp("created_at").toInstant(), last == null ? null : last.toInstant());
    }

    static String like(String s) {
        return "%" + s.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }

    static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }

    static List<String> strings(java.sql.Array a) throws java.sql.SQLException {
        return a == null ? List.of() : List.of((String[]) a.getArray());
    }

    static List<UUID> uuids(java.sql.Array a) throws java.sql.SQLException {
        return a == null ? List.of() : List.of((UUID[]) a.getArray());
    }
}
