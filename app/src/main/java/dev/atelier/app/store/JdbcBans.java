package dev.atelier.app.store;

import dev.atelier.core.rules.Bans;

import javax.sql.DataSource;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Bans in PostgreSQL ({@code bans}, V3); every change leaves an audit entry in its transaction. */
public final class JdbcBans implements Bans {

    private static final String COLUMNS = "id, platform, platform_user_id, user_id, reason, banned_by, created_at";

    private final Jdbc jdbc;

    public JdbcBans(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    @Override
    public Optional<Ban> find(String platform, String platformUserId) {
        // The identity's own ban, or its user's: one query, and no user is created for a stranger.
        return jdbc.one("SELECT " + COLUMNS + " FROM bans WHERE (platform = ? AND platform_user_id = ?)"
                        + " OR user_id = (SELECT user_id FROM platform_identities WHERE platform = ? AND platform_user_id = ?)"
                        + " ORDER BY id LIMIT 1",
                ps -> {
                    ps.setString(1, platform);
                    ps.setString(2, platformUserId);
                    ps.setString(3, platform);
                    ps.setString(4, platformUserId);
                }, JdbcBans::ban);
    }

    @Override
    public boolean bannedUser(UUID userId) {
        return jdbc.one("""
                SELECT 1 FROM bans b WHERE b.user_id = ?
                   OR EXISTS (SELECT 1 FROM platform_identities p
                              WHERE p.user_id = ? AND p.platform = b.platform AND p.platform_user_id = b.platform_user_id)
                LIMIT 1""", ps -> { ps.setObject(1, userId); ps.setObject(2, userId); }, rs -> true).orElse(false);
    }

    @Override
    public Ban banIdentity(String actor, String platform, String platformUserId, String reason) {
        return jdbc.inTransaction(c -> {
            Ban ban = Jdbc.query(c, """
                    INSERT INTO bans (platform, platform_user_id, reason, banned_by) VALUES (?, ?, ?, ?)
                    ON CONFLICT (platform, platform_user_id) WHERE user_id IS NULL
                    DO UPDATE SET reason = EXCLUDED.reason, banned_by = EXCLUDED.banned_by
                    RETURNING""" + " " + COLUMNS,
                    ps -> {
                        ps.setString(1, platform);
                        ps.setString(2, platformUserId);
                        ps.setString(3, reason == null ? "" : reason);
                        ps.setString(4, actor);
                    }, JdbcBans::ban).getFirst();
            JdbcAuditLog.write(c, actor, "ban", identity(platform, platformUserId), reason);
            return ban;
        });
    }

    @Override
    public Ban banUser(String actor, UUID userId, String reason) {
        return jdbc.inTransaction(c -> {
            Ban ban = Jdbc.query(c, """
                    INSERT INTO bans (user_id, reason, banned_by) VALUES (?, ?, ?)
                    ON CONFLICT (user_id) WHERE user_id IS NOT NULL
                    DO UPDATE SET reason = EXCLUDED.reason, banned_by = EXCLUDED.banned_by
                    RETURNING""" + " " + COLUMNS,
                    ps -> {
                        ps.setObject(1, userId);
                        ps.setString(2, reason == null ? "" : reason);
                        ps.setString(3, actor);
                    }, JdbcBans::ban).getFirst();
            JdbcAuditLog.write(c, actor, "ban", "user:" + userId, reason);
            return ban;
        });
    }

    @Override
    public boolean unbanIdentity(String actor, String platform, String platformUserId) {
        return jdbc.inTransaction(c -> {
            int n = Jdbc.update(c, "DELETE FROM bans WHERE platform = ? AND platform_user_id = ? AND user_id IS NULL",
                    ps -> { ps.setString(1, platform); ps.setString(2, platformUserId); });
            if (n > 0) JdbcAuditLog.write(c, actor, "unban", identity(platform, platformUserId), null);
            return n > 0;
        });
    }

    @Override
    public boolean unbanUser(String actor, UUID userId) {
        return jdbc.inTransaction(c -> {
            int n = Jdbc.update(c, "DELETE FROM bans WHERE user_id = ?", ps -> ps.setObject(1, userId));
            if (n > 0) JdbcAuditLog.write(c, actor, "unban", "user:" + userId, null);
            return n > 0;
        });
    }

    @Override
    public List<Ban> all() {
        return jdbc.query("SELECT " + COLUMNS + " FROM bans ORDER BY id DESC", ps -> { }, JdbcBans::ban);
    }

    private static String identity(String platform, String platformUserId) {
        return "identity:" + platform + ":" + platformUserId;
    }

    private static Ban ban(ResultSet rs) throws SQLException {
        return new Ban(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getObject(4, UUID.class), rs.getString(5),
                rs.getString(6), rs.getTimestamp(7).toInstant());
    }
}
