package dev.atelier.tests.console;

import dev.atelier.admin.account.Role;
import dev.atelier.tests.support.RunningAtelier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code ./atelier bench console}: seeds a fresh database with stored turns (10,000 by default:
 * 1,000 conversations of 10 turns, a job and an image per answer, over the last week, 200 users
 * on three platforms), signs in and times the console's pages and the dashboard JSON over plain
 * HTTP. Prints the median, p95 and worst of each; asserts nothing about time (a benchmark, not a
 * test). {@code -Datelier.bench.turns=N} and {@code -Datelier.bench.repeats=N} change the size.
 */
@EnabledIfSystemProperty(named = "atelier.bench.console", matches = "true")
class ConsoleBench {

    @Test
    void dashboardWithStoredTurns() throws Exception {
        int turns = Integer.getInteger("atelier.bench.turns", 10_000);
        int repeats = Integer.getInteger("atelier.bench.repeats", 20);
        try (RunningAtelier atelier = RunningAtelier.onTestServers(Map.of())) {
            long seeded = System.nanoTime();
            seed(atelier.context().getBean(DataSource.class), turns);
            System.out.printf("seeded %d turns in %d ms%n", turns, (System.nanoTime() - seeded) / 1_000_000);
            String password = ConsoleClient.createAccount(atelier, "bench", Role.ADMIN);
            ConsoleClient admin = new ConsoleClient(atelier);
            admin.signIn("bench", password);

            Map<String, String> paths = new LinkedHashMap<>();
            paths.put("GET /admin (dashboard page)", "/admin");
            paths.put("GET /admin/api/stats?range=hour", "/admin/api/stats?range=hour");
            paths.put("GET /admin/api/stats?range=day", "/admin/api/stats?range=day");
            paths.put("GET /admin/api/stats?range=week", "/admin/api/stats?range=week");
            paths.put("GET /admin/conversations", "/admin/conversations");
            paths.put("GET /admin/conversations?text=lantern", "/admin/conversations?text=lantern");
            paths.put("GET /admin/conversations?user=user7", "/admin/conversations?user=user7");
            paths.put("GET /admin/gallery", "/admin/gallery");
            paths.put("GET /admin/users", "/admin/users");
            paths.put("GET /admin/jobs", "/admin/jobs");
            paths.put("GET /admin/audit", "/admin/audit");
            System.out.printf("%-42s %8s %8s %8s  (%d turns, %d requests each after 3 warm-up)%n", "request", "median", "p95",
                    "max", turns, repeats);
            for (var e : paths.entrySet()) {
                for (int i = 0; i < 3; i++) check(admin.get(e.getValue(), Map.of("Accept", "text/html,application/json")), e.getKey());
                List<Double> ms = new ArrayList<>();
                for (int i = 0; i < repeats; i++) {
                    long t0 = System.nanoTime();
                    check(admin.get(e.getValue(), Map.of("Accept", "text/html,application/json")), e.getKey());
                    ms.add((System.nanoTime() - t0) / 1e6);
                }
                Collections.sort(ms);
                System.out.printf("%-42s %6.1f ms %6.1f ms %6.1f ms%n", e.getKey(), ms.get(ms.size() / 2),
                        ms.get((int) Math.ceil(ms.size() * 0.95) - 1), ms.getLast());
            }
        }
    }

    private static void check(ConsoleClient.Page page, String what) {
        if (page.status() != 200) throw new AssertionError(what + ": " + page.status());
    }

    /** Everything in SQL with generate_series: 10 turns per conversation, a job and an image per answer. */
    private static void seed(DataSource dataSource, int turns) throws Exception {
        int conversations = Math.max(1, turns / 10);
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("""
                    INSERT INTO users (id, display_name)
                    SELECT md5('u' || g)::uuid, 'user' || g FROM generate_series(1, 200) g""");
            s.execute("""
                    INSERT INTO platform_identities (platform, platform_user_id, user_id, display_name)
                    SELECT (ARRAY['web', 'telegram', 'discord'])[1 + g % 3], 'bench-' || g, md5('u' || g)::uuid, 'user' || g
                    FROM generate_series(1, 200) g""");
            s.execute("""
                    INSERT INTO conversations (id, platform, chat_id, owner_id, created_at)
                    SELECT md5('c' || g)::uuid, (ARRAY['web', 'telegram', 'discord'])[1 + (1 + g %% 200) %% 3], 'chat-' || g,
                           md5('u' || (1 + g %% 200))::uuid, now() - (g %% 10000) * interval '1 minute' - interval '15 minutes'
                    FROM generate_series(1, %d) g""".formatted(conversations));
            s.execute("""
                    INSERT INTO jobs (id, conversation_id, user_turn_id, status, task, width, height, steps, guidance, seed,
                                      strength, progress_step, progress_steps, attempts, reply_text, error,
                                      created_at, updated_at, started_at, finished_at)
                    SELECT md5('j' || g || '-' || k)::uuid, md5('c' || g)::uuid, md5('t' || g || '-' || (2 * k - 1))::uuid,
                           CASE WHEN (g + k) %% 20 = 0 THEN 'failed' ELSE 'done' END, 'generate', 512, 512, 20, 7.5, g,
                           0.6, 20, 20, 1, 'Here it is.', CASE WHEN (g + k) %% 20 = 0 THEN 'Something went wrong.' END,
                           cv.created_at + k * interval '1 minute', cv.created_at + k * interval '1 minute',
                           cv.created_at + k * interval '1 minute' + interval '2 seconds',
                           cv.created_at + k * interval '1 minute' + interval '2 seconds' + (1 + (g * k) %% 7) * interval '1 second'
                    FROM generate_series(1, %d) g, generate_series(1, 5) k, LATERAL (SELECT created_at FROM conversations
                         WHERE id = md5('c' || g)::uuid) cv""".formatted(conversations));
            s.execute("""
                    INSERT INTO images (id, sha256, content_type, width, height, size_bytes, kind, conversation_id, job_id, created_at)
                    SELECT md5('i' || g || '-' || k)::uuid, repeat('0', 64), 'image/png', 512, 512, 1000, 'generated',
                           md5('c' || g)::uuid, md5('j' || g || '-' || k)::uuid, j.finished_at
                    FROM generate_series(1, %d) g, generate_series(1, 5) k, jobs j
                    WHERE j.id = md5('j' || g || '-' || k)::uuid AND j.status = 'done'""".formatted(conversations));
            s.execute("""
                    INSERT INTO turns (id, conversation_id, seq, role, text, task, prompts, image_ids, job_id, created_at)
                    SELECT md5('t' || g || '-' || s)::uuid, md5('c' || g)::uuid, s,
                           CASE WHEN s %% 2 = 1 THEN 'user' ELSE 'assistant' END,
                           CASE WHEN s %% 2 = 1 THEN 'a paper lantern over a river, number ' || g ELSE 'Here it is.' END,
                           'generate',
                           CASE WHEN s %% 2 = 0 THEN ARRAY['a paper lantern over a river, digital painting'] ELSE '{}' END,
                           CASE WHEN s %% 2 = 0 AND EXISTS (SELECT 1 FROM images i WHERE i.id = md5('i' || g || '-' || (s / 2))::uuid)
                                THEN ARRAY[md5('i' || g || '-' || (s / 2))::uuid] ELSE '{}' END,
                           md5('j' || g || '-' || ((s + 1) / 2))::uuid,
                           cv.created_at + s * interval '30 seconds'
                    FROM generate_series(1, %d) g, generate_series(1, 10) s, LATERAL (SELECT created_at FROM conversations
                         WHERE id = md5('c' || g)::uuid) cv""".formatted(conversations));
            s.execute("""
                    INSERT INTO quota_reservations (job_id, user_id, day, images, state, created_at, settled_at)
                    SELECT j.id, c.owner_id, j.created_at::date, 1, CASE WHEN j.status = 'done' THEN 'used' ELSE 'released' END,
                           j.created_at, j.finished_at
                    FROM jobs j JOIN conversations c ON c.id = j.conversation_id""");
            s.execute("ANALYZE");
        }
    }
}
