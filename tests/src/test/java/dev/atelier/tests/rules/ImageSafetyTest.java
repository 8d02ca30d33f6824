package dev.atelier.tests.rules;

import dev.atelier.inference.tiny.TinyModelGenerator;
import dev.atelier.tests.support.Api;
import dev.atelier.tests.support.RunningAtelier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.atelier.tests.rules.SafetyPictures.cyanChecker;
import static dev.atelier.tests.rules.SafetyPictures.decode;
import static dev.atelier.tests.rules.SafetyPictures.highFrequencyEnergy;
import static dev.atelier.tests.rules.SafetyPictures.kept;
import static dev.atelier.tests.rules.SafetyPictures.mask;
import static dev.atelier.tests.rules.SafetyPictures.png;
import static dev.atelier.tests.rules.SafetyPictures.redChecker;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The image-safety classifier after generation, through the HTTP API. The tiny classifier scores
 * an image by its red: an inpainting of a red picture keeps nearly all of it red and fires, one of
 * a cyan picture does not.
 */
@DisplayName("The image-safety check blurs, blocks or flags what it scores unsafe, and reviews it")
class ImageSafetyTest {

    private static Path classifier;

    @BeforeAll
    static void writeClassifier() {
        classifier = RunningAtelier.newDataDir().resolve("safety");
        TinyModelGenerator.writeSafetyClassifier(classifier, "pixel_values");
    }

    private static RunningAtelier atelierWith(String action) {
        // The normalisation as an environment variable gives it: one comma-separated string.
        return RunningAtelier.onTestServers(Map.of("atelier.safety.model", classifier.toString(),
                "atelier.safety.action", action, "atelier.safety.threshold", 0.8,
                "atelier.safety.mean", "0.5,0.5,0.5"));
    }

    /** An inpainting of {@code picture} as {@code user}: nearly every pixel of the result is the picture's. */
    private static Map<String, Object> inpaint(RunningAtelier atelier, String user, BufferedImage picture) {
        Api.Reply accepted = atelier.api().postMessage(atelier.api().createConversation(), Map.of(
                "text", "a flower", "image", png("picture", picture), "mask", png("mask", mask()),
                "steps", "2", "seed", "5"), Map.of("X-Atelier-User", user));
        assertThat(accepted.status()).as(accepted.text()).isEqualTo(202);
        return atelier.api().awaitJob((String) accepted.json().get("jobId"), Duration.ofSeconds(120));
    }

    @SuppressWarnings("unchecked")
    private static BufferedImage deliveredImage(RunningAtelier atelier, Map<String, Object> job) {
        assertThat(job.get("status")).as("job %s", job).isEqualTo("done");
        List<String> images = (List<String>) job.get("images");
        assertThat(images).hasSize(1);
        Api.Reply image = atelier.api().get(images.getFirst());
        assertThat(image.status()).isEqualTo(200);
        return decode(image.body());
    }

    /** The job's review row: action, score and the image kept for review. */
    private static List<List<String>> reviews(RuleChecks checks, Map<String, Object> job) {
        return checks.rows("SELECT stage, action, score, image_id, text FROM moderation_reviews WHERE job_id = ?",
                UUID.fromString((String) job.get("id")));
    }

    private static void assertReviewedAndAudited(RunningAtelier atelier, RuleChecks checks, Map<String, Object> job,
                                                 String action) {
        List<List<String>> reviews = reviews(checks, job);
        assertThat(reviews).hasSize(1);
        List<String> review = reviews.getFirst();
        assertThat(review.subList(0, 2)).containsExactly("image_safety", action);
        assertThat(Double.parseDouble(review.get(2))).as("score").isGreaterThan(0.9);
        assertThat(review.get(4)).as("the prompt that made it").isNotBlank();
        // The image as generated is kept for the moderator, and the public API does not serve it.
        assertThat(checks.rows("SELECT kind FROM images WHERE id = ?", UUID.fromString(review.get(3))))
                .containsExactly(List.of("withheld"));
        assertThat(atelier.api().get("/api/images/" + review.get(3)).status()).isEqualTo(404);
        assertThat(checks.rows("SELECT actor, action FROM audit_log WHERE subject = ?", "job:" + job.get("id")))
                .containsExactly(List.of("system", "safety." + action));
    }

    @Test
    void blockDeliversNoImageAndTellsTheUserWhy() {
        try (RunningAtelier atelier = atelierWith("block")) {
            RuleChecks checks = new RuleChecks(atelier);

            // WHEN the image made scores unsafe
            Map<String, Object> job = inpaint(atelier, "bella", redChecker());

            // THEN no image and a clear message; the item is in the review queue and the audit log
            assertThat(job.get("status")).isEqualTo("failed");
            assertThat((List<?>) job.get("images")).isEmpty();
            assertThat((String) job.get("error")).contains("not delivered").contains("safety check");
            assertReviewedAndAudited(atelier, checks, job, "block");

            // AND an image that scores safe is delivered, with nothing to review
            Map<String, Object> safe = inpaint(atelier, "bella", cyanChecker());
            deliveredImage(atelier, safe);
            assertThat(reviews(checks, safe)).isEmpty();
        }
    }

    @Test
    void aCheckThatMayWithholdPicturesTurnsPreviewsOff() {
        // GIVEN a check that blocks, and previews on (every 5 steps, the default)
        try (RunningAtelier atelier = atelierWith("block")) {
            List<dev.atelier.core.job.JobEvents.Event> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
            atelier.context().getBean(dev.atelier.core.job.JobEvents.class).subscribe(heard::add);

            // WHEN a 20-step picture is made
            Map<String, Object> job = atelier.api().turn(atelier.api().createConversation(), Map.of(
                    "text", "a flower", "width", "64", "height", "64", "steps", "20"));

            // THEN its progress was heard, but no preview showed the picture before the check saw it
            String id = (String) job.get("id");
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> heard.stream()
                    .anyMatch(e -> e.jobId().toString().equals(id) && e.step() >= 10));
            assertThat(heard.stream().filter(e -> e.jobId().toString().equals(id))
                    .noneMatch(dev.atelier.core.job.JobEvents.Event::hasPreview)).isTrue();
        }
    }

    @Test
    void blurDeliversAHeavilyBlurredImageAndKeepsTheOriginalForReview() {
        try (RunningAtelier atelier = atelierWith("blur")) {
            RuleChecks checks = new RuleChecks(atelier);
            BufferedImage picture = redChecker();

            Map<String, Object> job = inpaint(atelier, "bruno", picture);

            // THEN the image delivered has lost its fine detail: the checkerboard is gone
            BufferedImage delivered = deliveredImage(atelier, job);
            double original = highFrequencyEnergy(picture);
            double blurred = highFrequencyEnergy(delivered);
            assertThat(blurred).as("high-frequency energy, blurred vs %.0f unblurred", original)
                    .isLessThan(original / 100);
            assertReviewedAndAudited(atelier, checks, job, "blur");

            // AND the original kept for review is the sharp one
            String kept = reviews(checks, job).getFirst().get(3);
            assertThat(checks.count("SELECT count(*) FROM images i JOIN images g ON i.sha256 = g.sha256"
                    + " WHERE i.id = ? AND g.kind = 'generated'", UUID.fromString(kept)))
                    .as("the original is not among the delivered images").isZero();
        }
    }

    @Test
    void flagDeliversTheImageUnchangedAndPutsItInTheReviewQueue() {
        try (RunningAtelier atelier = atelierWith("flag")) {
            RuleChecks checks = new RuleChecks(atelier);
            BufferedImage picture = redChecker();

            Map<String, Object> job = inpaint(atelier, "flora", picture);

            BufferedImage delivered = deliveredImage(atelier, job);
            for (int y = 0; y < picture.getHeight(); y++) {
                for (int x = 0; x < picture.getWidth(); x++) {
                    if (kept(x, y)) assertThat(delivered.getRGB(x, y)).isEqualTo(picture.getRGB(x, y));
                }
            }
            assertReviewedAndAudited(atelier, checks, job, "flag");
        }
    }

    @Test
    void withoutAClassifierEveryImageIsDeliveredAsBefore() {
        RunningAtelier atelier = RunningAtelier.shared();
        RuleChecks checks = new RuleChecks(atelier);
        BufferedImage picture = redChecker();

        Map<String, Object> job = inpaint(atelier, "nadia", picture);

        BufferedImage delivered = deliveredImage(atelier, job);
        assertThat(delivered.getRGB(0, 0)).isEqualTo(picture.getRGB(0, 0));
        assertThat(highFrequencyEnergy(delivered)).isGreaterThan(highFrequencyEnergy(picture) / 2);
        assertThat(reviews(checks, job)).isEmpty();
    }

    @Test
    void aClassifierWhoseInputHasAnotherNameStopsAtelierAtStartWithTheReason() {
        Path misnamed = RunningAtelier.newDataDir().resolve("safety");
        TinyModelGenerator.writeSafetyClassifier(misnamed, "image");

        assertThatThrownBy(() -> RunningAtelier.onTestServers(Map.of("atelier.safety.model", misnamed.toString())).close())
                .hasStackTraceContaining("no input named 'pixel_values'")
                .hasStackTraceContaining("[image]");
    }
}
