package dev.atelier.app.store;

import dev.atelier.core.conversation.UserDirectory;

import javax.sql.DataSource;
import java.util.UUID;

/** Users and their platform identities in PostgreSQL. */
public final class JdbcUserDirectory implements UserDirectory {

    private final Jdbc jdbc;

    public JdbcUserDirectory(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    @Override
    public UUID resolve(String platform, String platformUserId, String displayName) {
        String name = displayName == null || displayName.isBlank() ? platformUserId : displayName;
        return jdbc.inTransaction(c -> {
            var existing = Jdbc.query(c, """
                    UPDATE platform_identities SET display_name = ?, updated_at = now()
                    WHERE platform = ? AND platform_user_id = ? RETURNING user_id""",
                    ps -> { ps.setString(1, name); ps.setString(2, platform); ps.setString(3, platformUserId); },
                    rs -> rs.getObject(1, UUID.class));
            if (!existing.isEmpty()) return existing.getFirst();
            UUID id = UUID.randomUUID();
            Jdbc.update(c, "INSERT INTO users (id, display_name) VALUES (?, ?)",
                    ps -> { ps.setObject(1, id); ps.setString(2, name); });
            // Two first messages at once: the loser's new user is rolled back with its identity row.
            var inserted = Jdbc.query(c, """
                    INSERT INTO platform_identities (platform, platform_user_id, user_id, display_name)
                    VALUES (?, ?, ?, ?)
                    ON CONFLICT (platform, platform_user_id) DO UPDATE SET updated_at = now()
                    RETURNING user_id""",
                    ps -> { ps.setString(1, platform); ps.setString(2, platformUserId); ps.setObject(3, id); ps.setString(4, name); },
                    rs -> rs.getObject(1, UUID.class));
            return inserted.getFirst();
        });
    }
}
