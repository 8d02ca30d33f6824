package dev.atelier.core.delivery;

import dev.atelier.core.image.ImageStore;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** An image store in memory for the delivery tests. The bytes of a picture are its id, to see which one was read. */
final class StoredPictures implements ImageStore {

    private final Map<UUID, StoredImage> stored = new HashMap<>();

    UUID store(int width, int height) {
        UUID id = UUID.randomUUID();
        stored.put(id, new StoredImage(id, "sha", "image/png", width, height, 10, Kind.GENERATED, null, null, Instant.EPOCH));
        return id;
    }

    static byte[] bytesOf(UUID id) {
        return id.toString().getBytes();
    }

    @Override
    public StoredImage save(byte[] bytes, String contentType, int width, int height, Kind kind,
                            UUID conversationId, UUID jobId) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Optional<StoredImage> find(UUID id) {
        return Optional.ofNullable(stored.get(id));
    }

    @Override
    public byte[] read(StoredImage image) {
        return bytesOf(image.id());
    }
}
