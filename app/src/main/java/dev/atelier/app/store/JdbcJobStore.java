package dev.atelier.app.store;

import dev.atelier.core.image.Direction;
import dev.atelier.core.image.GenerationSettings;
import dev.atelier.core.image.Task;
import dev.atelier.core.job.Job;
import dev.atelier.core.job.JobStatus;
import dev.atelier.core.job.JobStore;

import javax.sql.DataSource;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/** Jobs in PostgreSQL; every state change is one conditional UPDATE, so it happens once. */
public final class JdbcJobStore implements JobStore {

    private static final String COLUMNS = """
            id, conversation_id, user_turn_id, status, task, width, height, steps, guidance, seed,
            negative_prompt, strength, source_image_id, mask_image_id, direction, amount, progress_step,
            progress_steps, attempts, reply_text, prompts, image_ids, error, created_at, updated_at, style,
            image_count, model, scheduler""";

    private final Jdbc jdbc;
    private final Duration lease;

    /** @param lease how long a worker's claim lasts after its last sign of life (claim or progress) */
    public JdbcJobStore(DataSource dataSource, Duration lease) {
        this.jdbc = new Jdbc(dataSource);
        this.lease = lease;
    }

    @Override
    public Job create(NewJob j) {
        GenerationSettings s = j.settings();
        return jdbc.one("""
                INSERT INTO jobs (id, conversation_id, user_turn_id, status, task, width, height, steps, guidance,
                                  seed, negative_prompt, strength, source_image_id, mask_image_id, direction, amount,
                                  progress_steps, style, image_count, model, scheduler)
                VALUES (?, ?, ?, 'queued', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                RETURNING\s""" + COLUMNS,
                ps -> {
                    ps.setObject(1, j.id());
                    ps.setObject(2, j.conversationId());
                    ps.setObject(3, j.userTurnId());
                    ps.setString(4, j.task().wireName());
                    ps.setInt(5, s.width());
                    ps.setInt(6, s.height());
                    ps.setInt(7, s.steps());
                    ps.setDouble(8, s.guidance());
                    ps.setLong(9, s.seed());
                    ps.setString(10, s.negativePrompt());
                    ps.setDouble(11, s.strength());
                    ps.setObject(12, j.sourceImageId());
                    ps.setObject(13, j.maskImageId());
                    ps.setString(14, j.direction() == null ? null : j.direction().wireName());
                    ps.setDouble(15, j.amount());
                    ps.setInt(16, s.steps() * s.count()); // each image of a batch runs every step
                    ps.setString(17, s.style());
                    ps.setInt(18, s.count());
                    ps.setString(19, s.model());
                    ps.setString(20, s.scheduler());
                }, JdbcJobStore::job).orElseThrow();
    }

    @Override
    public Optional<Job> find(UUID id) {
        return jdbc.one("SELECT " + COLUMNS + " FROM jobs WHERE id = ?", ps -> ps.setObject(1, id), JdbcJobStore::job);
    }

    @Override
    public int position(UUID id) {
        return jdbc.one("""
                SELECT count(*) FROM jobs o, jobs j
                WHERE j.id = ? AND j.status = 'queued' AND o.status = 'queued' AND o.created_at < j.created_at""",
                ps -> ps.setObject(1, id), rs -> rs.getInt(1)).orElse(0);
    }

    @Override
    public Optional<Job> claim(UUID id, String worker, Duration lease) {
        return jdbc.one("""
                UPDATE jobs SET status = 'running', worker = ?, attempts = attempts + 1, started_at = now(),
                                lease_until = now() + make_interval(secs => ?), updated_at = now()
                WHERE id = ? AND (status = 'queued' OR (status = 'running' AND lease_until < now()))
                RETURNING\s""" + COLUMNS,
                ps -> {
                    ps.setString(1, worker);
                    ps.setDouble(2, lease.toMillis() / 1000.0);
                    ps.setObject(3, id);
                }, JdbcJobStore::job);
    }

    @Override
    public List<UUID> requeueHeldBy(String worker) {
        return jdbc.query("""
                UPDATE jobs SET status = 'queued', worker = NULL, lease_until = NULL, updated_at = now()
                WHERE status = 'running' AND worker = ? RETURNING id""",
                ps -> ps.setString(1, worker), rs -> rs.getObject(1, UUID.class));
    }

    @Override
    public void progress(UUID id, int step, int steps) {
        jdbc.update("""
                UPDATE jobs SET progress_step = ?, progress_steps = ?, updated_at = now(),
                                lease_until = now() + make_interval(secs => ?)
                WHERE id = ? AND status = 'running'""",
                ps -> {
                    ps.setInt(1, step);
                    ps.setInt(2, steps);
                    ps.setDouble(3, lease.toMillis() / 1000.0);
                    ps.setObject(4, id);
                });
    }

    @Override
    public List<UUID> stale(Duration queuedFor) {
        return jdbc.query("""
                UPDATE jobs SET updated_at = now()
                WHERE (status = 'queued' AND updated_at < now() - make_interval(secs => ?))
                   OR (status = 'running' AND lease_until < now())
                RETURNING id""",
                ps -> ps.setDouble(1, queuedFor.toMillis() / 1000.0), rs -> rs.getObject(1, UUID.class));
    }

    @Override
    public long addGpuTime(UUID id, long millis) {
        if (millis < 0) throw new IllegalArgumentException("generation time cannot be negative: " + millis);
        return jdbc.one("UPDATE jobs SET gpu_ms = gpu_ms + ? WHERE id = ? RETURNING gpu_ms",
                ps -> { ps.setLong(1, millis); ps.setObject(2, id); }, rs -> rs.getLong(1)).orElse(0L);
    }

    @Override
    public boolean complete(UUID id, String text, List<String> prompts, List<UUID> imageIds) {
        return jdbc.inConnection(c -> Jdbc.update(c, """
                UPDATE jobs SET status = 'done', reply_text = ?, prompts = ?, image_ids = ?,
                                progress_step = progress_steps, finished_at = now(), updated_at = now()
                WHERE id = ? AND status IN ('queued', 'running')""",
                ps -> {
                    ps.setString(1, text);
                    ps.setArray(2, c.createArrayOf("text", prompts.toArray()));
                    ps.setArray(3, c.createArrayOf("uuid", imageIds.toArray()));
                    ps.setObject(4, id);
                })) == 1;
    }

    @Override
    public boolean fail(UUID id, String error) {
        return jdbc.update("""
                UPDATE jobs SET status = 'failed', error = ?, finished_at = now(), updated_at = now()
                WHERE id = ? AND status IN ('queued', 'running')""",
                ps -> { ps.setString(1, error); ps.setObject(2, id); }) == 1;
    }

    @Override
    public boolean cancel(UUID id, String reason) {
        return jdbc.update("""
                UPDATE jobs SET status = 'cancelled', error = ?, finished_at = now(), updated_at = now()
                WHERE id = ? AND status IN ('queued', 'running')""",
                ps -> { ps.setString(1, reason); ps.setObject(2, id); }) == 1;
    }

    @Override
    public boolean requeueFailed(UUID id) {
        return jdbc.inTransaction(c -> {
            boolean requeued = Jdbc.update(c, """
                    UPDATE jobs SET status = 'queued', error = NULL, finished_at = NULL, started_at = NULL, worker = NULL,
                                    lease_until = NULL, progress_step = 0, updated_at = now()
                    WHERE id = ? AND status = 'failed'""", ps -> ps.setObject(1, id)) == 1;
            // The chat was shown the failure; the retry's result is to be posted there too.
            if (requeued) {
                Jdbc.update(c, "UPDATE deliveries SET delivered_at = NULL, claimed_at = NULL WHERE job_id = ?",
                        ps -> ps.setObject(1, id));
            }
            return requeued;
        });
    }

    @Override
    public List<UUID> unfinished() {
        return jdbc.query("SELECT id FROM jobs WHERE status IN ('queued', 'running') ORDER BY created_at",
                ps -> { }, rs -> rs.getObject(1, UUID.class));
    }

    private static Job job(ResultSet rs) throws SQLException {
        String direction = rs.getString("direction");
        return new Job(rs.getObject("id", UUID.class), rs.getObject("conversation_id", UUID.class),
                rs.getObject("user_turn_id", UUID.class),
                JobStatus.valueOf(rs.getString("status").toUpperCase(Locale.ROOT)),
                Task.fromWireName(rs.getString("task")).orElseThrow(),
                new GenerationSettings(rs.getInt("width"), rs.getInt("height"), rs.getInt("steps"),
                        rs.getDouble("guidance"), rs.getLong("seed"), rs.getString("negative_prompt"),
                        rs.getDouble("strength"), rs.getString("style"), rs.getInt("image_count"),
                        rs.getString("model"), rs.getString("scheduler")),
                rs.getObject("source_image_id", UUID.class), rs.getObject("mask_image_id", UUID.class),
                direction == null ? null : Direction.fromWireName(direction).orElse(null), rs.getDouble("amount"),
                rs.getInt("progress_step"), rs.getInt("progress_steps"), rs.getInt("attempts"),
                rs.getString("reply_text"), JdbcConversationStore.strings(rs.getArray("prompts")),
                JdbcConversationStore.uuids(rs.getArray("image_ids")), rs.getString("error"),
                rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("updated_at").toInstant());
    }
}
