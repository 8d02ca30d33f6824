package dev.atelier.core.conversation;

import java.time.Instant;
import java.util.UUID;

/** A conversation in one chat of one platform ({@code web}, {@code discord}, {@code telegram}). */
public record Conversation(UUID id, String platform, String chatId, UUID ownerId, Instant createdAt) {
}
