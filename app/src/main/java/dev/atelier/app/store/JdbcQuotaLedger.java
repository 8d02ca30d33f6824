package dev.atelier.app.store;

import dev.atelier.core.rules.QuotaLedger;

import javax.sql.DataSource;
import java.time.LocalDate;
import java.util.UUID;

/**
 * Daily image use and generation time in PostgreSQL ({@code quota_usage} per user and day,
 * {@code quota_reservations} per job, V3; {@code quota_usage.gpu_ms}, V7). The reserving UPDATE holds the day's row lock and re-reads the row it waited
 * for, so concurrent turns are counted one after the other and never pass the limit together.
 */
public final class JdbcQuotaLedger implements QuotaLedger {

    private final Jdbc jdbc;

    public JdbcQuotaLedger(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    @Override
    public boolean reserve(UUID userId, UUID jobId, LocalDate day, int images, int limit) {
        return jdbc.inTransaction(c -> {
            Jdbc.update(c, "INSERT INTO quota_usage (user_id, day) VALUES (?, ?) ON CONFLICT DO NOTHING",
                    ps -> { ps.setObject(1, userId); ps.setObject(2, day); });
            int granted = Jdbc.update(c, """
                    UPDATE quota_usage SET reserved = reserved + ?
                    WHERE user_id = ? AND day = ? AND (? = 0 OR used + reserved + ? <= ?)""",
                    ps -> {
                        ps.setInt(1, images);
                        ps.setObject(2, userId);
                        ps.setObject(3, day);
                        ps.setInt(4, limit);
                        ps.setInt(5, images);
                        ps.setInt(6, limit);
                    });
            if (granted == 0) return false;
            Jdbc.update(c, "INSERT INTO quota_reservations (job_id, user_id, day, images) VALUES (?, ?, ?, ?)",
                    ps -> { ps.setObject(1, jobId); ps.setObject(2, userId); ps.setObject(3, day); ps.setInt(4, images); });
            return true;
        });
    }

    @Override
    public void settle(UUID jobId, int images, long gpuMillis) {
        jdbc.inTransaction(c -> {
            // Only a reservation still open is settled: a job finished twice counts once.
            var open = Jdbc.query(c, """
                    UPDATE quota_reservations SET state = ?, settled_at = now()
                    WHERE job_id = ? AND state = 'reserved' RETURNING user_id, day, images""",
                    ps -> { ps.setString(1, images > 0 ? "used" : "released"); ps.setObject(2, jobId); },
                    rs -> new Object[]{rs.getObject(1, UUID.class), rs.getObject(2, LocalDate.class), rs.getInt(3)});
            if (open.isEmpty()) return null;
            Object[] r = open.getFirst();
            // A reply with several <gen_image> spans uses more than the one image reserved at accept.
            Jdbc.update(c, """
                    UPDATE quota_usage SET reserved = reserved - ?, used = used + ?, gpu_ms = gpu_ms + ?
                    WHERE user_id = ? AND day = ?""",
                    ps -> {
                        ps.setInt(1, (Integer) r[2]);
                        ps.setInt(2, Math.max(0, images));
                        ps.setLong(3, Math.max(0, gpuMillis));
                        ps.setObject(4, r[0]);
                        ps.setObject(5, r[1]);
                    });
            return null;
        });
    }

    @Override
    public void release(UUID jobId) {
        settle(jobId, 0, 0);
    }

    @Override
    public boolean reserveAgain(UUID jobId, LocalDate day, int limit) {
        return jdbc.inTransaction(c -> {
            // The job's own image count (V8): a batch of four reserves four again, as it did at accept.
            var found = Jdbc.query(c, """
                    SELECT q.user_id, j.image_count FROM quota_reservations q JOIN jobs j ON j.id = q.job_id
                    WHERE q.job_id = ? AND q.state = 'released' FOR UPDATE OF q""",
                    ps -> ps.setObject(1, jobId), rs -> new Object[]{rs.getObject(1, UUID.class), rs.getInt(2)});
            if (found.isEmpty()) return false;
            UUID userId = (UUID) found.getFirst()[0];
            int images = Math.max(1, (Integer) found.getFirst()[1]);
            Jdbc.update(c, "INSERT INTO quota_usage (user_id, day) VALUES (?, ?) ON CONFLICT DO NOTHING",
                    ps -> { ps.setObject(1, userId); ps.setObject(2, day); });
            int granted = Jdbc.update(c, """
                    UPDATE quota_usage SET reserved = reserved + ?
                    WHERE user_id = ? AND day = ? AND (? = 0 OR used + reserved + ? <= ?)""",
                    ps -> {
                        ps.setInt(1, images);
                        ps.setObject(2, userId);
                        ps.setObject(3, day);
                        ps.setInt(4, limit);
                        ps.setInt(5, images);
                        ps.setInt(6, limit);
                    });
            if (granted == 0) return false;
            Jdbc.update(c, """
                    UPDATE quota_reservations SET state = 'reserved', day = ?, images = ?, settled_at = NULL
                    WHERE job_id = ?""", ps -> { ps.setObject(1, day); ps.setInt(2, images); ps.setObject(3, jobId); });
            return true;
        });
    }

    @Override
    public java.util.Optional<UUID> userOf(UUID jobId) {
        return jdbc.one("SELECT user_id FROM quota_reservations WHERE job_id = ?", ps -> ps.setObject(1, jobId),
                rs -> rs.getObject(1, UUID.class));
    }

    @Override
    public int taken(UUID userId, LocalDate day) {
        return jdbc.one("SELECT used + reserved FROM quota_usage WHERE user_id = ? AND day = ?",
                ps -> { ps.setObject(1, userId); ps.setObject(2, day); }, rs -> rs.getInt(1)).orElse(0);
    }

    @Override
    public long gpuMillisUsed(UUID userId, LocalDate day) {
        return jdbc.one("SELECT gpu_ms FROM quota_usage WHERE user_id = ? AND day = ?",
                ps -> { ps.setObject(1, userId); ps.setObject(2, day); }, rs -> rs.getLong(1)).orElse(0L);
    }
}
