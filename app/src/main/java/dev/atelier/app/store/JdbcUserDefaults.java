package dev.atelier.app.store;

import dev.atelier.core.settings.UserDefaults;
import dev.atelier.core.settings.UserDefaultsStore;

import javax.sql.DataSource;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Optional;
import java.util.UUID;

/** Each person's {@code /settings} in PostgreSQL ({@code user_defaults}, V5). */
public final class JdbcUserDefaults implements UserDefaultsStore {

    private final Jdbc jdbc;

    public JdbcUserDefaults(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    @Override
    public Optional<UserDefaults> find(String platform, String platformUserId) {
        return jdbc.one("""
                        SELECT d.steps, d.aspect, d.style, d.seed FROM user_defaults d
                        JOIN platform_identities p ON p.user_id = d.user_id
                        WHERE p.platform = ? AND p.platform_user_id = ?""",
                ps -> {
                    ps.setString(1, platform);
                    ps.setString(2, platformUserId);
                },
                rs -> new UserDefaults(rs.getObject(1, Integer.class), rs.getString(2), rs.getString(3),
                        rs.getObject(4, Long.class)));
    }

    @Override
    public void save(UUID userId, UserDefaults d) {
        jdbc.inTransaction(c -> {
            if (d.isEmpty()) {
                Jdbc.update(c, "DELETE FROM user_defaults WHERE user_id = ?", ps -> ps.setObject(1, userId));
                return null;
            }
            Jdbc.update(c, """
                    INSERT INTO user_defaults (user_id, steps, aspect, style, seed) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT (user_id) DO UPDATE SET steps = EXCLUDED.steps, aspect = EXCLUDED.aspect,
                        style = EXCLUDED.style, seed = EXCLUDED.seed, updated_at = now()""",
                    ps -> {
                        ps.setObject(1, userId);
                        nullable(ps, 2, d.steps() == null ? null : d.steps().longValue(), Types.INTEGER);
                        ps.setString(3, d.aspect());
                        ps.setString(4, d.style());
                        nullable(ps, 5, d.seed(), Types.BIGINT);
                    });
            return null;
        });
    }

    private static void nullable(PreparedStatement ps, int index, Long value, int type) throws SQLException {
        if (value == null) ps.setNull(index, type);
        else if (type == Types.INTEGER) ps.setInt(index, value.intValue());
        else ps.setLong(index, value);
    }
}
