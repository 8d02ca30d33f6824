package dev.atelier.app.store;

import dev.atelier.core.conversation.Conversation;
import dev.atelier.core.conversation.ConversationStore;
import dev.atelier.core.conversation.Turn;
import dev.atelier.core.image.GenerationSettings;
import dev.atelier.core.image.Task;

import javax.sql.DataSource;
import java.sql.Array;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/** Conversations and turns in PostgreSQL. */
public final class JdbcConversationStore implements ConversationStore {

    private static final String TURN_COLUMNS = """
            id, conversation_id, seq, role, text, task, prompts, image_ids, width, height, steps,
            guidance, seed, negative_prompt, strength, job_id, created_at, style, image_count, model""";

    private final Jdbc jdbc;

    public JdbcConversationStore(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    @Override
    public Conversation create(String platform, String chatId, UUID ownerId) {
        UUID id = UUID.randomUUID();
        return jdbc.one("""
                INSERT INTO conversations (id, platform, chat_id, owner_id) VALUES (?, ?, ?, ?)
                RETURNING id, platform, chat_id, owner_id, created_at""",
                ps -> { ps.setObject(1, id); ps.setString(2, platform); ps.setString(3, chatId); ps.setObject(4, ownerId); },
                JdbcConversationStore::conversation).orElseThrow();
    }

    @Override
    public Optional<Conversation> find(UUID id) {
        return jdbc.one("SELECT id, platform, chat_id, owner_id, created_at FROM conversations WHERE id = ?",
                ps -> ps.setObject(1, id), JdbcConversationStore::conversation);
    }

    @Override
    public Optional<Conversation> findLatest(String platform, String chatId) {
        return jdbc.one("""
                SELECT id, platform, chat_id, owner_id, created_at FROM conversations
                WHERE platform = ? AND chat_id = ? ORDER BY created_at DESC LIMIT 1""",
                ps -> { ps.setString(1, platform); ps.setString(2, chatId); }, JdbcConversationStore::conversation);
    }

    @Override
    public List<Turn> turns(UUID conversationId) {
        return jdbc.query("SELECT " + TURN_COLUMNS + " FROM turns WHERE conversation_id = ? ORDER BY seq",
                ps -> ps.setObject(1, conversationId), JdbcConversationStore::turn);
    }

    @Override
    public List<Turn> recentTurns(UUID conversationId, int limit) {
        List<Turn> newestFirst = jdbc.query("SELECT " + TURN_COLUMNS
                        + " FROM turns WHERE conversation_id = ? ORDER BY seq DESC LIMIT ?",
                ps -> { ps.setObject(1, conversationId); ps.setInt(2, limit); }, JdbcConversationStore::turn);
        return newestFirst.reversed();
    }

    @Override
    public Turn append(NewTurn t) {
        return jdbc.inTransaction(c -> {
            // The row lock serialises appends to one conversation, so sequence numbers never clash.
            Jdbc.query(c, "SELECT id FROM conversations WHERE id = ? FOR UPDATE",
                    ps -> ps.setObject(1, t.conversationId()), rs -> rs.getObject(1));
            UUID id = UUID.randomUUID();
            GenerationSettings s = t.settings();
            List<Turn> inserted = Jdbc.query(c, """
                    INSERT INTO turns (id, conversation_id, seq, role, text, task, prompts, image_ids, width, height,
                                       steps, guidance, seed, negative_prompt, strength, job_id, style, image_count,
                                       model)
                    VALUES (?, ?, (SELECT coalesce(max(seq), 0) + 1 FROM turns WHERE conversation_id = ?),
                            ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (job_id) WHERE role = 'assistant' DO NOTHING
                    RETURNING\s""" + TURN_COLUMNS,
                    ps -> {
                        ps.setObject(1, id);
                        ps.setObject(2, t.conversationId());
                        ps.setObject(3, t.conversationId());
                        ps.setString(4, t.role().name().toLowerCase(Locale.ROOT));
                        ps.setString(5, t.text() == null ? "" : t.text());
                        ps.setString(6, t.task() == null ? null : t.task().wireName());
                        ps.setArray(7, c.createArrayOf("text", t.prompts().toArray()));
                        ps.setArray(8, c.createArrayOf("uuid", t.imageIds().toArray()));
                        setInt(ps, 9, s == null ? null : s.width());
                        setInt(ps, 10, s == null ? null : s.height());
                        setInt(ps, 11, s == null ? null : s.steps());
                        if (s == null) ps.setNull(12, Types.DOUBLE); else ps.setDouble(12, s.guidance());
                        if (s == null) ps.setNull(13, Types.BIGINT); else ps.setLong(13, s.seed());
                        ps.setString(14, s == null ? null : s.negativePrompt());
                        if (s == null) ps.setNull(15, Types.DOUBLE); else ps.setDouble(15, s.strength());
                        ps.setObject(16, t.jobId());
                        ps.setString(17, s == null ? null : s.style());
                        setInt(ps, 18, s == null ? null : s.count());
                        ps.setString(19, s == null ? null : s.model());
                    }, JdbcConversationStore::turn);
            if (!inserted.isEmpty()) return inserted.getFirst();
            return findAssistantTurn(c, t.jobId()).orElseThrow();
        });
    }

    @Override
    public Optional<Turn> findAssistantTurn(UUID jobId) {
        return jdbc.inConnection(c -> findAssistantTurn(c, jobId));
    }

    private static Optional<Turn> findAssistantTurn(Connection c, UUID jobId) throws SQLException {
        return Jdbc.query(c, "SELECT " + TURN_COLUMNS + " FROM turns WHERE job_id = ? AND role = 'assistant'",
                ps -> ps.setObject(1, jobId), JdbcConversationStore::turn).stream().findFirst();
    }

    private static void setInt(java.sql.PreparedStatement ps, int i, Integer v) throws SQLException {
        if (v == null) ps.setNull(i, Types.INTEGER); else ps.setInt(i, v);
    }

    private static Conversation conversation(ResultSet rs) throws SQLException {
        return new Conversation(rs.getObject("id", UUID.class), rs.getString("platform"), rs.getString("chat_id"),
                rs.getObject("owner_id", UUID.class), rs.getTimestamp("created_at").toInstant());
    }

    private static Turn turn(ResultSet rs) throws SQLException {
        Integer width = (Integer) rs.getObject("width");
        GenerationSettings settings = width == null ? null : new GenerationSettings(width, rs.getInt("height"),
                rs.getInt("steps"), rs.getDouble("guidance"), rs.getLong("seed"), rs.getString("negative_prompt"),
                rs.getDouble("strength"), rs.getString("style"), rs.getInt("image_count"), rs.getString("model"));
        String task = rs.getString("task");
        return new Turn(rs.getObject("id", UUID.class), rs.getObject("conversation_id", UUID.class), rs.getInt("seq"),
                Turn.Role.valueOf(rs.getString("role").toUpperCase(Locale.ROOT)), rs.getString("text"),
                task == null ? null : Task.fromWireName(task).orElse(null), strings(rs.getArray("prompts")),
                uuids(rs.getArray("image_ids")), settings, rs.getObject("job_id", UUID.class),
                rs.getTimestamp("created_at").toInstant());
    }

    static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.stream((Object[]) array.getArray()).map(String.class::cast).toList();
    }

    static List<UUID> uuids(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.stream((Object[]) array.getArray()).map(UUID.class::cast).toList();
    }
}
