package dev.atelier.tests.preview;

import dev.atelier.core.job.JobEvents;
import dev.atelier.tests.support.Api;
import dev.atelier.tests.support.RunningAtelier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@DisplayName("Previews of a running job: on the progress events and over HTTP")
class PreviewTest {

    private static final RunningAtelier atelier = RunningAtelier.shared();
    private final Api api = atelier.api();
    private static RunningAtelier withoutPreviews;

    @AfterAll
    static void stop() {
        if (withoutPreviews != null) withoutPreviews.close();
    }

    private static List<JobEvents.Event> listen(RunningAtelier a) {
        List<JobEvents.Event> heard = new CopyOnWriteArrayList<>();
        a.context().getBean(JobEvents.class).subscribe(heard::add);
        return heard;
    }

    private static String jobOf(Api.Reply reply) {
        assertThat(reply.status()).as(reply.text()).isEqualTo(202);
        return (String) reply.json().get("jobId");
    }

    @Test
    void aThirtyStepJobPublishesAPreviewEveryFiveStepsAsAJpegOfThePicturesShape() throws IOException {
        // GIVEN the default setting (a preview every 5 steps) and a listener on the job events
        List<JobEvents.Event> heard = listen(atelier);
        String conversation = api.createConversation();

        // WHEN a 30-step job makes a picture twice as wide as it is high
        String jobId = jobOf(api.postMessage(conversation, Map.of("text", "a lighthouse on a cliff",
                "width", "128", "height", "64", "steps", "30")));
        Map<String, Object> job = api.awaitJob(jobId, Duration.ofSeconds(60));
        assertThat(job.get("status")).as("job: %s", job).isEqualTo("done");
        await().atMost(Duration.ofSeconds(5)).until(() -> heard.stream()
                .anyMatch(e -> e.jobId().equals(UUID.fromString(jobId)) && e.status().wireName().equals("done")));

        // THEN steps 5, 10, … 25 carried a preview (the last step is followed by the picture itself)
        List<JobEvents.Event> previews = heard.stream()
                .filter(e -> e.jobId().equals(UUID.fromString(jobId)) && e.hasPreview()).toList();
        assertThat(previews).extracting(JobEvents.Event::step).containsExactly(5, 10, 15, 20, 25);
        for (JobEvents.Event e : previews) {
            BufferedImage preview = jpeg(e.preview());
            assertThat(preview.getWidth()).isEqualTo(128);
            assertThat(preview.getHeight()).isEqualTo(64);
            assertThat(e.preview().length).as("a small message").isLessThan(16_000);
        }

        // AND once the job is over its preview is gone: the picture is what it shows now
        Api.Reply served = api.get("/api/jobs/" + jobId + "/preview");
        assertThat(served.status()).isEqualTo(404);
        assertThat((String) served.json().get("detail")).contains("not running");
    }

    @Test
    void aRunningJobLinksItsLatestPreview() throws IOException {
        String conversation = api.createConversation();

        // A job long enough on the tiny model to be seen running (a few seconds on a small CPU).
        String jobId = jobOf(api.postMessage(conversation, Map.of("text", "a slow sunrise over the sea",
                "width", "768", "height", "512", "steps", "150")));

        Map<String, Object>[] running = new Map[1];
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20)).until(() -> {
            Map<String, Object> job = api.get("/api/jobs/" + jobId).json();
            if (job.get("preview") != null) running[0] = job;
            return running[0] != null || !List.of("queued", "running").contains(job.get("status"));
        });
        assertThat(running[0]).as("a running job with a preview link was seen").isNotNull();
        assertThat(running[0].get("status")).isEqualTo("running");
        assertThat(running[0].get("preview")).isEqualTo("/api/jobs/" + jobId + "/preview");
        BufferedImage preview = jpeg(api.get((String) running[0].get("preview")).body());
        assertThat(preview.getWidth()).isEqualTo(128);
        assertThat(preview.getHeight()).isEqualTo(85);

        Map<String, Object> done = api.awaitJob(jobId, Duration.ofSeconds(120));
        assertThat(done.get("status")).isEqualTo("done");
        assertThat(done.get("preview")).as("no preview link once the picture is there").isNull();
    }

    @Test
    void aJobWithNoPreviewYetGets404() {
        String conversation = api.createConversation();
        String jobId = (String) api.turn(conversation, Map.of("text", "a pebble", "width", "64", "height", "64",
                "steps", "3")).get("id");

        Api.Reply reply = api.get("/api/jobs/" + jobId + "/preview");

        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.contentType()).startsWith("application/problem+json");
        assertThat(api.get("/api/jobs/" + UUID.randomUUID() + "/preview").status()).isEqualTo(404);
    }

    @Test
    void withPreviewsOffNoneArePublished() {
        withoutPreviews = RunningAtelier.onTestServers(Map.of("atelier.generation.preview-every", 0));
        List<JobEvents.Event> heard = listen(withoutPreviews);
        Api other = withoutPreviews.api();
        String conversation = other.createConversation();

        Map<String, Object> job = other.turn(conversation, Map.of("text", "a lighthouse on a cliff",
                "width", "64", "height", "64", "steps", "30"));
        String jobId = (String) job.get("id");
        await().atMost(Duration.ofSeconds(5)).until(() -> heard.stream()
                .anyMatch(e -> e.jobId().toString().equals(jobId) && e.status().wireName().equals("done")));

        assertThat(heard.stream().filter(e -> e.jobId().toString().equals(jobId)))
                .as("progress was published").anyMatch(e -> e.step() == 15)
                .noneMatch(JobEvents.Event::hasPreview);
        assertThat(other.get("/api/jobs/" + jobId + "/preview").status()).isEqualTo(404);
    }

    private static BufferedImage jpeg(byte[] bytes) throws IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            assertThat(readers.hasNext()).as("a readable image").isTrue();
            ImageReader reader = readers.next();
            assertThat(reader.getFormatName()).isEqualToIgnoringCase("jpeg");
            reader.setInput(in);
            return reader.read(0);
        }
    }
}
