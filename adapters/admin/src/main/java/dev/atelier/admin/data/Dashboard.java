package dev.atelier.admin.data;

import javax.sql.DataSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.atelier.admin.data.ConsoleDb.params;

/**
 * The dashboard's figures, each one indexed query over a time window: jobs per bucket,
 * failures, generation time p50/p95 (a worker's attempt: finished_at - started_at), the queue
 * now, and active users per platform (the users jobs were reserved for: in a shared chat that is
 * each person who asked, not the conversation's first speaker).
 */
public final class Dashboard {

    /** A window and the bucket its chart is drawn in. */
    public enum Range {
        HOUR(Duration.ofHours(1), Duration.ofMinutes(1)),
        DAY(Duration.ofDays(1), Duration.ofMinutes(30)),
        WEEK(Duration.ofDays(7), Duration.ofHours(6));

        public final Duration span;
        public final Duration bucket;

        Range(Duration span, Duration bucket) {
            this.span = span;
            this.bucket = bucket;
        }

        public static Range parse(String s) {
            if (s == null) return HOUR;
            return switch (s.strip().toLowerCase(java.util.Locale.ROOT)) {
                case "day" -> DAY;
                case "week" -> WEEK;
                default -> HOUR;
            };
        }
    }

    @io.micronaut.serde.annotation.Serdeable
    public record Bucket(Instant at, int jobs, int failed, Double p50Seconds, Double p95Seconds) {
    }

    @io.micronaut.serde.annotation.Serdeable
    public record Stats(String range, long bucketSeconds, List<Bucket> buckets, int jobs, int failed, double jobsPerMinute,
                        Double p50Seconds, Double p95Seconds, int queued, int running,
                        Map<String, Integer> activeUsers, int turns) {
        /** Active users over every platform. */
        public int activeUserCount() {
            return activeUsers.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    private final ConsoleDb db;

    public Dashboard(DataSource dataSource) {
        this.db = new ConsoleDb(dataSource);
    }

    public Stats stats(Range range) {
        Instant now = Instant.now();
        Instant from = now.minus(range.span);
        double bucketSecs = range.bucket.toSeconds();
        List<Bucket> rows = db.query("""
                SELECT to_timestamp(floor(extract(epoch FROM created_at) / ?) * ?) AS at,
                       count(*) AS jobs,
                       count(*) FILTER (WHERE status = 'failed') AS failed,
                       percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM finished_at - COALESCE(started_at, created_at)))
                           FILTER (WHERE status = 'done') AS p50,
                       percentile_cont(0.95) WITHIN GROUP (ORDER BY extract(epoch FROM finished_at - COALESCE(started_at, created_at)))
                           FILTER (WHERE status = 'done') AS p95
                FROM jobs WHERE created_at >= ? GROUP BY 1 ORDER BY 1""",
                params(bucketSecs, bucketSecs, java.sql.Timestamp.from(from)),
                rs -> new Bucket(rs.getTimestamp("at").toInstant(), rs.getInt("jobs"), rs.getInt("failed"),
                        nullable(rs, "p50"), nullable(rs, "p95")));
        // Every bucket of the window, empty ones included, so the chart's time axis is even.
        Map<Long, Bucket> byStart = new LinkedHashMap<>();
        rows.forEach(b -> byStart.put(b.at().getEpochSecond(), b));
        long step = (long) bucketSecs;
        long first = (from.getEpochSecond() / step) * step;
        List<Bucket> buckets = new ArrayList<>();
        for (long t = first; t <= now.getEpochSecond(); t += step) {
            buckets.add(byStart.getOrDefault(t, new Bucket(Instant.ofEpochSecond(t), 0, 0, null, null)));
        }
        var totals = db.one("""
                SELECT count(*), count(*) FILTER (WHERE status = 'failed'),
                       percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM finished_at - COALESCE(started_at, created_at)))
                           FILTER (WHERE status = 'done'),
                       percentile_cont(0.95) WITHIN GROUP (ORDER BY extract(epoch FROM finished_at - COALESCE(started_at, created_at)))
                           FILTER (WHERE status = 'done')
                FROM jobs WHERE created_at >= ?""", params(java.sql.Timestamp.from(from)),
                rs -> new Object[]{rs.getInt(1), rs.getInt(2), nullable(rs, 3), nullable(rs, 4)}).orElseThrow();
        var queue = db.one("""
                SELECT count(*) FILTER (WHERE status = 'queued'), count(*) FILTER (WHERE status = 'running')
                FROM jobs WHERE status IN ('queued', 'running')""", params(), rs -> new int[]{rs.getInt(1), rs.getInt(2)})
                .orElseThrow();
        Map<String, Integer> active = new LinkedHashMap<>();
        db.query("""
                SELECT c.platform, count(DISTINCT q.user_id) FROM quota_reservations q
                JOIN jobs j ON j.id = q.job_id JOIN conversations c ON c.id = j.conversation_id
                WHERE q.created_at >= ? GROUP BY c.platform ORDER BY c.platform""",
                params(java.sql.Timestamp.from(from)), rs -> active.put(rs.getString(1), rs.getInt(2)));
        int turns = db.one("SELECT count(*) FROM turns WHERE created_at >= ?", params(java.sql.Timestamp.from(from)),
                rs -> rs.getInt(1)).orElse(0);
        int jobs = (Integer) totals[0];
        return new Stats(range.name().toLowerCase(java.util.Locale.ROOT), step, buckets, jobs, (Integer) totals[1],
                Math.round(jobs * 100.0 / range.span.toMinutes()) / 100.0, (Double) totals[2], (Double) totals[3],
                queue[0], queue[1], active, turns);
    }

    private static Double nullable(java.sql.ResultSet rs, String column) throws java.sql.SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() ? null : Math.round(v * 1000) / 1000.0;
    }

    private static Double nullable(java.sql.ResultSet rs, int column) throws java.sql.SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() ? null : Math.round(v * 1000) / 1000.0;
    }
}
