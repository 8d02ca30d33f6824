package dev.atelier.tests.turn;

import dev.atelier.tests.support.Api;
import dev.atelier.tests.support.RunningAtelier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("One LLMGA turn through the HTTP API")
class WholeTurnTest {

    private final Api api = RunningAtelier.shared().api();

    @Test
    @SuppressWarnings("unchecked")
    void aMessageGivesAVisiblePromptAndAPngOfTheRequestedSizeAndTheConversationShowsBothTurns() throws Exception {
        // GIVEN a new conversation
        String conversation = api.createConversation();

        // WHEN the user asks for a picture at 128x64
        Map<String, Object> job = api.turn(conversation, Map.of("text", "a lighthouse on a cliff",
                "width", "128", "height", "64", "steps", "4", "seed", "7"));

        // THEN the job is done with a visible, refined prompt and one image link
        assertThat(job.get("status")).isEqualTo("done");
        assertThat(job.get("task")).isEqualTo("generate");
        List<String> prompts = (List<String>) job.get("prompts");
        assertThat(prompts).hasSize(1);
        assertThat(prompts.getFirst()).contains("lighthouse").hasSizeGreaterThan("a lighthouse on a cliff".length());
        assertThat((String) job.get("text")).doesNotContain("<gen_image>").doesNotContain(prompts.getFirst());
        List<String> images = (List<String>) job.get("images");
        assertThat(images).hasSize(1);
        Map<String, Object> progress = (Map<String, Object>) job.get("progress");
        assertThat(progress.get("step")).isEqualTo(progress.get("steps"));

        // AND the image is a PNG of the requested size
        Api.Reply png = api.get(images.getFirst());
        assertThat(png.status()).isEqualTo(200);
        assertThat(png.contentType()).isEqualTo("image/png");
        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(png.body()));
        assertThat(decoded.getWidth()).isEqualTo(128);
        assertThat(decoded.getHeight()).isEqualTo(64);

        // AND the conversation shows the user's turn and the assistant's, oldest first
        Map<String, Object> view = api.get("/api/conversations/" + conversation).json();
        List<Map<String, Object>> turns = (List<Map<String, Object>>) view.get("turns");
        assertThat(turns).extracting(t -> t.get("role")).containsExactly("user", "assistant");
        assertThat(turns.get(0).get("text")).isEqualTo("a lighthouse on a cliff");
        assertThat(turns.get(1).get("prompts")).isEqualTo(prompts);
        assertThat(turns.get(1).get("images")).isEqualTo(images);
        Map<String, Object> settings = (Map<String, Object>) turns.get(1).get("settings");
        assertThat(settings.get("width")).isEqualTo(128);
        assertThat(((Number) settings.get("seed")).longValue()).isEqualTo(7L);
    }

    @Test
    @SuppressWarnings("unchecked")
    void aFollowUpCarriesThePreviousPromptAndChangesIt() {
        String conversation = api.createConversation();
        Map<String, Object> first = api.turn(conversation, Map.of("text", "a red sailboat on a calm lake",
                "width", "64", "height", "64", "steps", "3"));
        String firstPrompt = ((List<String>) first.get("prompts")).getFirst();

        Map<String, Object> second = api.turn(conversation, Map.of("text", "make it night",
                "width", "64", "height", "64", "steps", "3"));

        assertThat(second.get("status")).as("follow-up job: %s", second).isEqualTo("done");
        String secondPrompt = ((List<String>) second.get("prompts")).getFirst();
        assertThat(secondPrompt).contains("sailboat").contains("night").isNotEqualTo(firstPrompt);
        // the earlier image is what gets changed: an edit of it, at its size
        assertThat(second.get("task")).isEqualTo("edit");
        assertThat((List<String>) second.get("images")).hasSize(1);
        Map<String, Object> view = api.get("/api/conversations/" + conversation).json();
        assertThat((List<?>) view.get("turns")).hasSize(4);
    }

    @Test
    void theSameIdempotencyKeyTwiceStartsOneJob() {
        String conversation = api.createConversation();
        Map<String, String> key = Map.of("Idempotency-Key", "click-1");
        Api.Reply first = api.postMessage(conversation, Map.of("text", "a fox", "width", "64", "height", "64", "steps", "2"), key);
        Api.Reply again = api.postMessage(conversation, Map.of("text", "a fox", "width", "64", "height", "64", "steps", "2"), key);

        assertThat(first.status()).isEqualTo(202);
        assertThat(again.status()).isEqualTo(202);
        assertThat(again.json().get("jobId")).isEqualTo(first.json().get("jobId"));
        assertThat((List<?>) api.get("/api/conversations/" + conversation).json().get("turns"))
                .filteredOn(t -> ((Map<?, ?>) t).get("role").equals("user")).hasSize(1);
    }

    @Test
    void eightRetriesOfOneMessageAtOnceStartOneJob() throws Exception {
        String conversation = api.createConversation();
        Map<String, String> key = Map.of("Idempotency-Key", "burst-1");
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(8)) {
            List<java.util.concurrent.Future<Api.Reply>> replies = pool.invokeAll(java.util.Collections.nCopies(8,
                    () -> api.postMessage(conversation, Map.of("text", "a fox", "width", "64", "height", "64", "steps", "1"), key)));
            java.util.Set<Object> jobs = new java.util.HashSet<>();
            for (var reply : replies) {
                assertThat(reply.get().status()).as(reply.get().text()).isEqualTo(202);
                jobs.add(reply.get().json().get("jobId"));
            }
            assertThat(jobs).hasSize(1);
        }
        assertThat((List<?>) api.get("/api/conversations/" + conversation).json().get("turns"))
                .filteredOn(t -> ((Map<?, ?>) t).get("role").equals("user")).hasSize(1);
    }

    @Test
    void healthIsUpWhenDatabaseRedisAndModelAreReady() {
        Api.Reply health = api.get("/health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().get("status")).isEqualTo("UP");
    }
}
