package dev.atelier.core.image;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Port: image bytes (content-addressed on disk or in object storage) and their metadata (in
 * PostgreSQL). Saving the same bytes twice stores them once.
 */
public interface ImageStore {

    StoredImage save(byte[] bytes, String contentType, int width, int height, Kind kind,
                     UUID conversationId, UUID jobId);

    Optional<StoredImage> find(UUID id);

    /** The bytes of a stored image. */
    byte[] read(StoredImage image);

    /**
     * {@code WITHHELD}: a generated image the safety classifier stopped or flagged, kept for a
     * moderator only; the public API does not serve it.
     */
    enum Kind { UPLOAD, MASK, GENERATED, WITHHELD }

    record StoredImage(UUID id, String sha256, String contentType, int width, int height, long size,
                       Kind kind, UUID conversationId, UUID jobId, Instant createdAt) {
    }
}
