package dev.atelier.tests.restart;

import dev.atelier.tests.support.Api;
import dev.atelier.tests.support.RunningAtelier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Stopping and starting Atelier in its default embedded mode loses nothing")
class RestartTest {

    @Test
    @SuppressWarnings("unchecked")
    void conversationsImagesAndJobsSurviveARestartOnTheSameDataDirectory() {
        Path data = RunningAtelier.newDataDir();
        String conversation;
        String image;
        byte[] png;
        Object turnsBefore;
        try (RunningAtelier first = RunningAtelier.embedded(data, Map.of())) {
            Api api = first.api();
            conversation = api.createConversation();
            Map<String, Object> job = api.turn(conversation, Map.of("text", "a windmill", "width", "64", "height", "64", "steps", "2"));
            image = ((List<String>) job.get("images")).getFirst();
            png = api.get(image).body();
            turnsBefore = api.get("/api/conversations/" + conversation).json().get("turns");
        }

        try (RunningAtelier second = RunningAtelier.embedded(data, Map.of())) {
            Api api = second.api();
            assertThat(api.get("/api/conversations/" + conversation).json().get("turns")).isEqualTo(turnsBefore);
            assertThat(api.get(image).body()).isEqualTo(png);
            // and the conversation goes on where it was
            Map<String, Object> next = api.turn(conversation, Map.of("text", "now add a red boat", "width", "64", "height", "64", "steps", "2"));
            assertThat(((List<String>) next.get("prompts")).getFirst()).contains("windmill");
        }
    }

    @Test
    void aJobLeftInTheStreamIsFinishedOnceAfterRestart() throws Exception {
        Path data = RunningAtelier.newDataDir();
        String jobId;
        // GIVEN an Atelier that accepts messages but runs no worker (the role of a bot-only process)
        try (RunningAtelier botOnly = RunningAtelier.embedded(data, Map.of("atelier.role", "bot"))) {
            Api api = botOnly.api();
            String conversation = api.createConversation();
            Api.Reply accepted = api.postMessage(conversation, Map.of("text", "a lantern", "width", "64", "height", "64", "steps", "2"));
            assertThat(accepted.status()).isEqualTo(202);
            jobId = (String) accepted.json().get("jobId");
            assertThat(api.get("/api/jobs/" + jobId).json().get("status")).isEqualTo("queued");
        }

        // WHEN Atelier starts again with its worker
        try (RunningAtelier full = RunningAtelier.embedded(data, Map.of())) {
            Map<String, Object> job = full.api().awaitJob(jobId, Duration.ofSeconds(120));

            // THEN the job is done, ran once, and answered once
            assertThat(job.get("status")).isEqualTo("done");
            String jdbc = full.context().getBean(dev.atelier.app.wiring.Servers.class).jdbcUrl();
            try (Connection c = DriverManager.getConnection(jdbc)) {
                assertThat(count(c, "SELECT attempts FROM jobs WHERE id = '" + jobId + "'")).isEqualTo(1);
                assertThat(count(c, "SELECT count(*) FROM turns WHERE role = 'assistant' AND job_id = '" + jobId + "'")).isEqualTo(1);
            }
        }
    }

    @Test
    void aJobThatWasRunningWhenAtelierStoppedIsFinishedAfterRestart() throws Exception {
        Path data = RunningAtelier.newDataDir();
        String jobId;
        try (RunningAtelier botOnly = RunningAtelier.embedded(data, Map.of("atelier.role", "bot"))) {
            Api api = botOnly.api();
            String conversation = api.createConversation();
            jobId = (String) api.postMessage(conversation, Map.of("text", "a kite", "width", "64", "height", "64",
                    "steps", "2")).json().get("jobId");
            // GIVEN the worker had taken the job and was stopped mid-run: running, its lease far from over
            String jdbc = botOnly.context().getBean(dev.atelier.app.wiring.Servers.class).jdbcUrl();
            try (Connection c = DriverManager.getConnection(jdbc)) {
                c.createStatement().executeUpdate("UPDATE jobs SET status = 'running', worker = 'worker', attempts = 1, "
                        + "lease_until = now() + interval '1 hour' WHERE id = '" + jobId + "'");
            }
        }

        // WHEN the same worker starts again
        try (RunningAtelier full = RunningAtelier.embedded(data, Map.of())) {
            Map<String, Object> job = full.api().awaitJob(jobId, Duration.ofSeconds(120));

            // THEN it finishes the job at once instead of waiting for the lease to run out
            assertThat(job.get("status")).isEqualTo("done");
            assertThat((List<?>) job.get("images")).hasSize(1);
            String jdbc = full.context().getBean(dev.atelier.app.wiring.Servers.class).jdbcUrl();
            try (Connection c = DriverManager.getConnection(jdbc)) {
                assertThat(count(c, "SELECT count(*) FROM turns WHERE role = 'assistant' AND job_id = '" + jobId + "'")).isEqualTo(1);
            }
        }
    }

    private static int count(Connection c, String sql) throws Exception {
        try (ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
