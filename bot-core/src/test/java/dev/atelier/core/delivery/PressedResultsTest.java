package dev.atelier.core.delivery;

import dev.atelier.core.job.Job;
import dev.atelier.core.job.JobStatus;
import dev.atelier.core.turn.Inbound;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class PressedResultsTest {

    private final StoredPictures images = new StoredPictures();
    private final UUID first = images.store(64, 64);
    private final UUID second = images.store(64, 64);

    // Picture lookups read only the image store.
    private final PressedResults pressed = new PressedResults(null, null, images);

    private static Job result(List<UUID> imageIds) {
        return new Job(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), JobStatus.DONE, null, null, null, null,
                null, 0, 0, 0, 0, null, List.of(), imageIds, null, Instant.EPOCH, Instant.EPOCH);
    }

    @Test
    void aPressStartsFromThePictureItWasUnder() {
        Inbound.Upload upload = pressed.picture(result(List.of(first, second)), 1, "result.png");
        assertThat(upload.bytes()).isEqualTo(StoredPictures.bytesOf(second));
        assertThat(upload.fileName()).isEqualTo("result.png");
        assertThat(upload.contentType()).isEqualTo("image/png");
    }

    @Test
    void aButtonPastTheLastPictureTakesTheNearestOne() {
        assertThat(pressed.picture(result(List.of(first, second)), 7, "image").bytes()).isEqualTo(StoredPictures.bytesOf(second));
        assertThat(pressed.picture(result(List.of(first, second)), -1, "image").bytes()).isEqualTo(StoredPictures.bytesOf(first));
    }

    @Test
    void aResultWithoutPicturesOrWithAPictureGoneGivesNoUpload() {
        assertThat(pressed.picture(result(List.of()), 0, "image")).isNull();
        assertThat(pressed.upload(UUID.randomUUID(), "image")).isNull();
        assertThat(pressed.upload(null, "image")).isNull();
    }
}
