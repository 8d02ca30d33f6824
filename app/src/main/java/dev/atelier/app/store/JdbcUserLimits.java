package dev.atelier.app.store;

import dev.atelier.core.rules.UserLimits;

import javax.sql.DataSource;
import java.sql.Types;
import java.util.Optional;
import java.util.UUID;

/** Per-user overrides of the limits in PostgreSQL ({@code user_limits}, V3 and V7), each change audited. */
public final class JdbcUserLimits implements UserLimits {

    private final Jdbc jdbc;

    public JdbcUserLimits(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    @Override
    public Optional<LimitOverride> find(UUID userId) {
        return jdbc.one("SELECT per_minute, burst, images_per_day, gpu_seconds_per_day FROM user_limits WHERE user_id = ?",
                ps -> ps.setObject(1, userId),
                rs -> new LimitOverride(userId, rs.getObject(1, Integer.class), rs.getObject(2, Integer.class),
                        rs.getObject(3, Integer.class), rs.getObject(4, Integer.class)));
    }

    @Override
    public void setRateLimit(String actor, UUID userId, Integer perMinute, Integer burst) {
        requireNotNegative(perMinute, burst);
        jdbc.inTransaction(c -> {
            Jdbc.update(c, """
                    INSERT INTO user_limits (user_id, per_minute, burst) VALUES (?, ?, ?)
                    ON CONFLICT (user_id) DO UPDATE SET per_minute = EXCLUDED.per_minute, burst = EXCLUDED.burst,
                                                        updated_at = now()""",
                    ps -> {
                        ps.setObject(1, userId);
                        setNullable(ps, 2, perMinute);
                        setNullable(ps, 3, burst);
                    });
            JdbcAuditLog.write(c, actor, "limit.set", "user:" + userId,
                    "per_minute=" + orDefault(perMinute) + " burst=" + orDefault(burst));
            return null;
        });
    }

    @Override
    public void setDailyImages(String actor, UUID userId, Integer imagesPerDay) {
        requireNotNegative(imagesPerDay);
        jdbc.inTransaction(c -> {
            Jdbc.update(c, """
                    INSERT INTO user_limits (user_id, images_per_day) VALUES (?, ?)
                    ON CONFLICT (user_id) DO UPDATE SET images_per_day = EXCLUDED.images_per_day, updated_at = now()""",
                    ps -> {
                        ps.setObject(1, userId);
                        setNullable(ps, 2, imagesPerDay);
                    });
            JdbcAuditLog.write(c, actor, "quota.set", "user:" + userId, "images_per_day=" + orDefault(imagesPerDay));
            return null;
        });
    }

    @Override
    public void setDailyGpuSeconds(String actor, UUID userId, Integer gpuSecondsPerDay) {
        requireNotNegative(gpuSecondsPerDay);
        jdbc.inTransaction(c -> {
            Jdbc.update(c, """
                    INSERT INTO user_limits (user_id, gpu_seconds_per_day) VALUES (?, ?)
                    ON CONFLICT (user_id) DO UPDATE SET gpu_seconds_per_day = EXCLUDED.gpu_seconds_per_day,
                                                        updated_at = now()""",
                    ps -> {
                        ps.setObject(1, userId);
                        setNullable(ps, 2, gpuSecondsPerDay);
                    });
            JdbcAuditLog.write(c, actor, "gpu_quota.set", "user:" + userId,
                    "gpu_seconds_per_day=" + orDefault(gpuSecondsPerDay));
            return null;
        });
    }

    @Override
    public void clear(String actor, UUID userId) {
        jdbc.inTransaction(c -> {
            Jdbc.update(c, "DELETE FROM user_limits WHERE user_id = ?", ps -> ps.setObject(1, userId));
            JdbcAuditLog.write(c, actor, "limits.clear", "user:" + userId, null);
            return null;
        });
    }

    private static void setNullable(java.sql.PreparedStatement ps, int index, Integer value) throws java.sql.SQLException {
        if (value == null) ps.setNull(index, Types.INTEGER);
        else ps.setInt(index, value);
    }

    private static String orDefault(Integer value) {
        return value == null ? "default" : value.toString();
    }

    private static void requireNotNegative(Integer... values) {
        for (Integer v : values) {
            if (v != null && v < 0) throw new IllegalArgumentException("a limit is zero (none) or positive; got " + v);
        }
    }
}
