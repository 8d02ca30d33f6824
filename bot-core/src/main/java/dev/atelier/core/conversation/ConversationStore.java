package dev.atelier.core.conversation;

import dev.atelier.core.image.GenerationSettings;
import dev.atelier.core.image.Task;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Port: conversations and their turns; PostgreSQL is the source of truth. */
public interface ConversationStore {

    Conversation create(String platform, String chatId, UUID ownerId);

    Optional<Conversation> find(UUID id);

    /** The newest conversation of a platform chat (Discord channel, Telegram chat), if any. */
    Optional<Conversation> findLatest(String platform, String chatId);

    /** All turns, oldest first. */
    List<Turn> turns(UUID conversationId);

    /** The newest {@code limit} turns, oldest first: the window a prompt model sees. */
    List<Turn> recentTurns(UUID conversationId, int limit);

    /** Appends a turn at the next sequence number. */
    Turn append(NewTurn turn);

    /** The assistant turn that finished a job, if it was stored already (retries use it). */
    Optional<Turn> findAssistantTurn(UUID jobId);

    record NewTurn(UUID conversationId, Turn.Role role, String text, Task task, List<String> prompts,
                   List<UUID> imageIds, GenerationSettings settings, UUID jobId) {
    }
}
