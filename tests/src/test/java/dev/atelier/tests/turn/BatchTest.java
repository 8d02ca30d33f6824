package dev.atelier.tests.turn;

import dev.atelier.core.conversation.UserDirectory;
import dev.atelier.core.rules.QuotaLedger;
import dev.atelier.tests.support.Api;
import dev.atelier.tests.support.RunningAtelier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("A batch of variations: count images per prompt, seeds seed, seed + 1, …")
class BatchTest {

    private static RunningAtelier atelier;
    private static Api api;

    @BeforeAll
    static void start() {
        atelier = RunningAtelier.onTestServers(Map.of("atelier.limits.images-per-day", 4));
        api = atelier.api();
    }

    @AfterAll
    static void stop() {
        atelier.close();
    }

    private static Map<String, Object> turn(String user, Map<String, String> extra) {
        Map<String, String> form = new java.util.HashMap<>(Map.of("text", "a castle in the mist",
                "width", "64", "height", "64", "steps", "4"));
        form.putAll(extra);
        Api.Reply reply = api.postMessage(api.createConversation(), form, Map.of("X-Atelier-User", user));
        assertThat(reply.status()).as(reply.text()).isEqualTo(202);
        return api.awaitJob((String) reply.json().get("jobId"), Duration.ofSeconds(60));
    }

    @SuppressWarnings("unchecked")
    private static List<byte[]> imagesOf(Map<String, Object> job) {
        assertThat(job.get("status")).as("job: %s", job).isEqualTo("done");
        return ((List<String>) job.get("images")).stream().map(link -> api.get(link).body()).toList();
    }

    @Test
    @SuppressWarnings("unchecked")
    void threeImagesAreThreeDistinctPicturesEachMadeAgainAloneFromItsSeed() {
        // WHEN a job asks for 3 images from seed 500
        Map<String, Object> batch = turn("bea", Map.of("count", "3", "seed", "500"));

        // THEN the job lists 3 distinct pictures and says what it was asked for
        List<byte[]> images = imagesOf(batch);
        assertThat(images).hasSize(3);
        Set<String> distinct = new HashSet<>();
        for (byte[] png : images) distinct.add(java.util.HexFormat.of().formatHex(png));
        assertThat(distinct).hasSize(3);
        assertThat(((Map<String, Object>) batch.get("settings")).get("count")).isEqualTo(3);
        assertThat((List<String>) batch.get("prompts")).hasSize(1);

        // AND each is the picture a job of one image with its seed (500, 501, 502) makes
        for (int k = 0; k < 3; k++) {
            List<byte[]> alone = imagesOf(turn("bea-" + k, Map.of("seed", Integer.toString(500 + k))));
            assertThat(alone).hasSize(1);
            assertThat(alone.getFirst()).as("image %d of the batch", k).isEqualTo(images.get(k));
        }

        // AND the conversation's assistant turn shows the 3 images too
        Map<String, Object> view = api.get("/api/conversations/" + batch.get("conversationId")).json();
        List<Map<String, Object>> turns = (List<Map<String, Object>>) view.get("turns");
        assertThat((List<String>) turns.getLast().get("images")).isEqualTo(batch.get("images"));
    }

    @Test
    void aBatchCountsEveryImageAgainstTheDailyQuota() {
        UUID cleo = atelier.context().getBean(UserDirectory.class).resolve("web", "cleo", "cleo");
        QuotaLedger quotas = atelier.context().getBean(QuotaLedger.class);
        LocalDate today = LocalDate.now(ZoneOffset.UTC);

        // GIVEN 4 images a day, WHEN cleo asks for 3 at once
        assertThat(imagesOf(turn("cleo", Map.of("count", "3")))).hasSize(3);

        // THEN 3 are used, and a batch of 2 is refused, saying how many are left
        assertThat(quotas.taken(cleo, today)).isEqualTo(3);
        Api.Reply refused = api.postMessage(api.createConversation(), Map.of("text", "two more castles",
                "width", "64", "height", "64", "steps", "1", "count", "2"), Map.of("X-Atelier-User", "cleo"));
        assertThat(refused.status()).as(refused.text()).isEqualTo(429);
        assertThat((String) refused.json().get("detail")).contains("asks for 2 images").contains("1 of your 4");

        // AND the last single image is still hers
        assertThat(imagesOf(turn("cleo", Map.of()))).hasSize(1);
        assertThat(quotas.taken(cleo, today)).isEqualTo(4);
    }

    @Test
    void aCountOutsideOneToFourIsRefused() {
        for (String count : List.of("0", "5", "two")) {
            Api.Reply reply = api.postMessage(api.createConversation(), Map.of("text", "castles", "count", count));
            assertThat(reply.status()).as(reply.text()).isEqualTo(400);
            assertThat((String) reply.json().get("detail")).contains("count");
        }
    }
}
