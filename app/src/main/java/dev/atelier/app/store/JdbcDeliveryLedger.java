package dev.atelier.app.store;

import dev.atelier.core.delivery.DeliveryLedger;

import javax.sql.DataSource;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The delivery ledger in PostgreSQL ({@code deliveries}, {@code delivery_actions}). */
public final class JdbcDeliveryLedger implements DeliveryLedger {

    private static final String COLUMNS = "job_id, platform, chat_id, action_key, status_message_id, delivered_at";
    private static final char[] ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
    /** 62^12 keys: guessing another chat's key is hopeless, and it stays far below 64 bytes. */
    private static final int KEY_LENGTH = 12;

    private final Jdbc jdbc;
    private final SecureRandom random = new SecureRandom();

    public JdbcDeliveryLedger(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    @Override
    public Delivery track(UUID jobId, String platform, String chatId) {
        jdbc.update("""
                INSERT INTO deliveries (job_id, platform, chat_id, action_key) VALUES (?, ?, ?, ?)
                ON CONFLICT (job_id) DO NOTHING""",
                ps -> {
                    ps.setObject(1, jobId);
                    ps.setString(2, platform);
                    ps.setString(3, chatId);
                    ps.setString(4, newKey());
                });
        return find(jobId).orElseThrow();
    }

    @Override
    public Optional<Delivery> find(UUID jobId) {
        return jdbc.one("SELECT " + COLUMNS + " FROM deliveries WHERE job_id = ?", ps -> ps.setObject(1, jobId),
                JdbcDeliveryLedger::delivery);
    }

    @Override
    public Optional<Delivery> findByActionKey(String actionKey) {
        return jdbc.one("SELECT " + COLUMNS + " FROM deliveries WHERE action_key = ?", ps -> ps.setString(1, actionKey),
                JdbcDeliveryLedger::delivery);
    }

    @Override
    public void setStatusMessage(UUID jobId, String messageId) {
        jdbc.update("UPDATE deliveries SET status_message_id = ? WHERE job_id = ?",
                ps -> { ps.setString(1, messageId); ps.setObject(2, jobId); });
    }

    @Override
    public boolean claim(UUID jobId, Duration staleAfter) {
        return jdbc.update("""
                UPDATE deliveries SET claimed_at = now()
                WHERE job_id = ? AND delivered_at IS NULL
                  AND (claimed_at IS NULL OR claimed_at < now() - make_interval(secs => ?))""",
                ps -> { ps.setObject(1, jobId); ps.setDouble(2, staleAfter.toMillis() / 1000.0); }) == 1;
    }

    @Override
    public void release(UUID jobId) {
        jdbc.update("UPDATE deliveries SET claimed_at = NULL WHERE job_id = ? AND delivered_at IS NULL",
                ps -> ps.setObject(1, jobId));
    }

    @Override
    public void delivered(UUID jobId) {
        // A Discord interaction's address ("i:…") holds its token, a credential for 15 minutes:
        // kept only until the reply is posted.
        jdbc.update("""
                UPDATE deliveries SET delivered_at = now(),
                    status_message_id = CASE WHEN status_message_id LIKE 'i:%' THEN NULL ELSE status_message_id END
                WHERE job_id = ? AND delivered_at IS NULL""",
                ps -> ps.setObject(1, jobId));
    }

    @Override
    public List<Delivery> pending(String platform, Duration staleAfter, int limit) {
        return jdbc.query("""
                SELECT d.job_id, d.platform, d.chat_id, d.action_key, d.status_message_id, d.delivered_at
                FROM deliveries d JOIN jobs j ON j.id = d.job_id
                WHERE d.platform = ? AND d.delivered_at IS NULL AND j.status IN ('done', 'failed', 'cancelled')
                  AND (d.claimed_at IS NULL OR d.claimed_at < now() - make_interval(secs => ?))
                ORDER BY d.created_at LIMIT ?""",
                ps -> {
                    ps.setString(1, platform);
                    ps.setDouble(2, staleAfter.toMillis() / 1000.0);
                    ps.setInt(3, limit);
                }, JdbcDeliveryLedger::delivery);
    }

    @Override
    public Optional<UUID> actionJob(String actionKey, String action) {
        return jdbc.one("SELECT job_id FROM delivery_actions WHERE action_key = ? AND action = ?",
                ps -> { ps.setString(1, actionKey); ps.setString(2, action); }, rs -> rs.getObject(1, UUID.class));
    }

    @Override
    public void recordAction(String actionKey, String action, UUID jobId) {
        jdbc.update("""
                INSERT INTO delivery_actions (action_key, action, job_id) VALUES (?, ?, ?)
                ON CONFLICT (action_key, action) DO UPDATE SET job_id = excluded.job_id, pressed_at = now()""",
                ps -> { ps.setString(1, actionKey); ps.setString(2, action); ps.setObject(3, jobId); });
    }

    private String newKey() {
        char[] key = new char[KEY_LENGTH];
        for (int i = 0; i < key.length; i++) key[i] = ALPHABET[random.nextInt(ALPHABET.length)];
        return new String(key);
    }

    private static Delivery delivery(ResultSet rs) throws SQLException {
        Timestamp delivered = rs.getTimestamp("delivered_at");
        return new Delivery(rs.getObject("job_id", UUID.class), rs.getString("platform"), rs.getString("chat_id"),
                rs.getString("action_key"), rs.getString("status_message_id"),
                delivered == null ? null : delivered.toInstant());
    }
}
