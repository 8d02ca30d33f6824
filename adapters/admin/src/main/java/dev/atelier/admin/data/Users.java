package dev.atelier.admin.data;

import javax.sql.DataSource;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Platform identities with what they used today, their overrides and whether they are banned. */
public final class Users {

    public record Row(String platform, String platformUserId, String displayName, UUID userId, int imagesToday,
                      int jobs, Integer perMinute, Integer burst, Integer imagesPerDay, Integer gpuSecondsPerDay,
                      boolean identityBanned,
                      boolean userBanned, Instant lastSeen) {
        /** Per minute / burst / images a day, "default" where the user has no override. */
        public String limitsText() {
            return (perMinute == null ? "default" : perMinute) + " / " + (burst == null ? "default" : burst) + " / "
                    + (imagesPerDay == null ? "default" : imagesPerDay) + " / "
                    + (gpuSecondsPerDay == null ? "default" : gpuSecondsPerDay);
        }

        public boolean banned() {
            return identityBanned || userBanned;
        }
    }

    private final ConsoleDb db;

    public Users(DataSource dataSource) {
        this.db = new ConsoleDb(dataSource);
    }

    public List<Row> search(String text, String platform, boolean bannedOnly) {
        StringBuilder sql = new StringBuilder("""
                SELECT p.platform, p.platform_user_id, p.display_name, p.user_id, p.updated_at,
                       COALESCE(q.used + q.reserved, 0) AS today,
                       (SELECT count(*) FROM quota_reservations r WHERE r.user_id = p.user_id) AS jobs,
                       l.per_minute, l.burst, l.images_per_day, l.gpu_seconds_per_day,
                       EXISTS (SELECT 1 FROM bans b WHERE b.platform = p.platform AND b.platform_user_id = p.platform_user_id) AS identity_banned,
                       EXISTS (SELECT 1 FROM bans b WHERE b.user_id = p.user_id) AS user_banned
                FROM platform_identities p
                LEFT JOIN quota_usage q ON q.user_id = p.user_id AND q.day = ?
                LEFT JOIN user_limits l ON l.user_id = p.user_id
                WHERE true""");
        List<Object> args = new ArrayList<>();
        args.add(LocalDate.now(ZoneOffset.UTC));
        if (Conversations.notBlank(text)) {
            sql.append(" AND (p.platform_user_id ILIKE ? OR p.display_name ILIKE ? OR p.user_id::text = ?)");
            args.add(Conversations.like(text));
            args.add(Conversations.like(text));
            args.add(text.strip());
        }
        if (Conversations.notBlank(platform)) {
            sql.append(" AND p.platform = ?");
            args.add(platform.strip());
        }
        if (bannedOnly) {
            sql.append(" AND (EXISTS (SELECT 1 FROM bans b WHERE b.platform = p.platform AND b.platform_user_id = p.platform_user_id)"
                    + " OR EXISTS (SELECT 1 FROM bans b WHERE b.user_id = p.user_id))");
        }
        sql.append(" ORDER BY p.updated_at DESC LIMIT 100");
        return db.query(sql.toString(), ConsoleDb.params(args.toArray()), rs -> new Row(rs.getString("platform"),
                rs.getString("platform_user_id"), rs.getString("display_name"), rs.getObject("user_id", UUID.class),
                rs.getInt("today"), rs.getInt("jobs"), (Integer) rs.getObject("per_minute"), (Integer) rs.getObject("burst"),
                (Integer) rs.getObject("images_per_day"), (Integer) rs.getObject("gpu_seconds_per_day"),
                rs.getBoolean("identity_banned"), rs.getBoolean("user_banned"),
                rs.getTimestamp("updated_at").toInstant()));
    }
}
