package dev.atelier.core.delivery;

import dev.atelier.core.image.ImageStore;
import dev.atelier.core.job.Job;
import dev.atelier.core.job.JobStatus;
import dev.atelier.core.turn.Inbound;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class PressedResultsTest {

    private final UUID first = UUID.randomUUID();
    private final UUID second = UUID.randomUUID();

    /** Holds the two pictures of the result; its bytes are the image id, to see which one was read. */
    private final ImageStore images = new ImageStore() {
        @Override
        public StoredImage save(byte[] bytes, String contentType, int width, int height, Kind kind,
                                UUID conversationId, UUID jobId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<StoredImage> find(UUID id) {
            if (!id.equals(first) && !id.equals(second)) return Optional.empty();
            return Optional.of(new StoredImage(id, "sha", "image/png", 64, 64, 10, Kind.GENERATED, null, null, Instant.EPOCH));
        }

        @Override
        public byte[] read(StoredImage image) {
            return image.id().toString().getBytes();
        }
    };

    // Picture lookups read only the image store.
    private final PressedResults pressed = new PressedResults(null, null, images);

    private static Job result(List<UUID> imageIds) {
        return new Job(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), JobStatus.DONE, null, null, null, null,
                null, 0, 0, 0, 0, null, List.of(), imageIds, null, Instant.EPOCH, Instant.EPOCH);
    }

    @Test
    void aPressStartsFromThePictureItWasUnder() {
        Inbound.Upload upload = pressed.picture(result(List.of(first, second)), 1, "result.png");
        assertThat(upload.bytes()).isEqualTo(second.toString().getBytes());
        assertThat(upload.fileName()).isEqualTo("result.png");
        assertThat(upload.contentType()).isEqualTo("image/png");
    }

    @Test
    void aButtonPastTheLastPictureTakesTheNearestOne() {
        assertThat(pressed.picture(result(List.of(first, second)), 7, "image").bytes()).isEqualTo(second.toString().getBytes());
        assertThat(pressed.picture(result(List.of(first, second)), -1, "image").bytes()).isEqualTo(first.toString().getBytes());
    }

    @Test
    void aResultWithoutPicturesOrWithAPictureGoneGivesNoUpload() {
        assertThat(pressed.picture(result(List.of()), 0, "image")).isNull();
        assertThat(pressed.upload(UUID.randomUUID(), "image")).isNull();
        assertThat(pressed.upload(null, "image")).isNull();
    }
}
