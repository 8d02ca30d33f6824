package dev.atelier.core.delivery;

import dev.atelier.core.job.Job;
import dev.atelier.core.job.JobStatus;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JobResultTest {

    private final StoredPictures images = new StoredPictures();

    private static Job job(JobStatus status, String text, List<String> prompts, List<UUID> imageIds, String error) {
        return new Job(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), status, null, null, null, null,
                null, 0, 0, 0, 0, text, prompts, imageIds, error, Instant.EPOCH, Instant.EPOCH);
    }

    @Test
    void eachPictureComesWithThePromptItWasMadeFrom() {
        UUID first = images.store(512, 512);
        UUID second = images.store(768, 512);
        JobResult result = JobResult.of(job(JobStatus.DONE, null, List.of("a red boat"), List.of(first, second), null), images);
        assertThat(result).isInstanceOf(JobResult.Pictures.class);
        List<JobResult.Picture> pictures = ((JobResult.Pictures) result).pictures();
        assertThat(pictures).extracting(JobResult.Picture::prompt).containsExactly("a red boat", "");
        assertThat(pictures.get(1).image().width()).isEqualTo(768);
        assertThat(pictures.get(0).png()).isEqualTo(StoredPictures.bytesOf(first));
    }

    @Test
    void aFinishedJobWithoutPicturesSaysSoInWords() {
        assertThat(JobResult.of(job(JobStatus.DONE, "Here is why", List.of(), List.of(), null), images))
                .isEqualTo(new JobResult.Words("Here is why"));
        assertThat(JobResult.of(job(JobStatus.DONE, " ", List.of(), List.of(), null), images))
                .isEqualTo(new JobResult.Words("(no picture this time)"));
    }

    @Test
    void aFailedOrCancelledJobGivesItsErrorOrItsStatus() {
        assertThat(JobResult.of(job(JobStatus.FAILED, null, List.of(), List.of(), "out of memory"), images))
                .isEqualTo(new JobResult.Words("out of memory"));
        assertThat(JobResult.of(job(JobStatus.CANCELLED, null, List.of(), List.of(), null), images))
                .isEqualTo(new JobResult.Words("The job was " + JobStatus.CANCELLED.wireName() + "."));
    }

    @Test
    void aMissingPictureFailsTheWholeResultSoNothingIsHalfPosted() {
        Job job = job(JobStatus.DONE, null, List.of(), List.of(images.store(64, 64), UUID.randomUUID()), null);
        assertThatThrownBy(() -> JobResult.of(job, images)).isInstanceOf(IllegalStateException.class);
    }
}
