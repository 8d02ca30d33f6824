package dev.atelier.core.delivery;

import java.util.Optional;
import java.util.UUID;

/**
 * Port: the picture each posted result message carries (PostgreSQL), so that a reply to that
 * message ("make it night", an edit or outpaint command) starts from that very picture, however
 * many pictures came after it in the chat.
 */
public interface PostedPictures {

    /** Records that {@code messageId} in {@code chatId} shows {@code imageId}; again for the same message keeps the first. */
    void record(String platform, String chatId, String messageId, UUID imageId);

    /** The picture the message shows; empty for a message that is not one of our results. */
    Optional<UUID> find(String platform, String chatId, String messageId);
}
