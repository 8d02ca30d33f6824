package dev.atelier.app.store;

import dev.atelier.core.delivery.PostedPictures;

import javax.sql.DataSource;
import java.util.Optional;
import java.util.UUID;

/** Posted result messages and their pictures in PostgreSQL ({@code posted_pictures}). */
public final class JdbcPostedPictures implements PostedPictures {

    private final Jdbc jdbc;

    public JdbcPostedPictures(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    @Override
    public void record(String platform, String chatId, String messageId, UUID imageId) {
        jdbc.update("""
                INSERT INTO posted_pictures (platform, chat_id, message_id, image_id) VALUES (?, ?, ?, ?)
                ON CONFLICT (platform, chat_id, message_id) DO NOTHING""",
                ps -> {
                    ps.setString(1, platform);
                    ps.setString(2, chatId);
                    ps.setString(3, messageId);
                    ps.setObject(4, imageId);
                });
    }

    @Override
    public Optional<UUID> find(String platform, String chatId, String messageId) {
        return jdbc.one("SELECT image_id FROM posted_pictures WHERE platform = ? AND chat_id = ? AND message_id = ?",
                ps -> {
                    ps.setString(1, platform);
                    ps.setString(2, chatId);
                    ps.setString(3, messageId);
                },
                rs -> rs.getObject(1, UUID.class));
    }
}
