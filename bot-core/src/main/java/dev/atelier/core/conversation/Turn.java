package dev.atelier.core.conversation;

import dev.atelier.core.image.GenerationSettings;
import dev.atelier.core.image.Task;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One message of a conversation. A user turn carries the user's text and the images they
 * attached; an assistant turn carries the visible reply text, the generation prompts and the
 * images made from them.
 *
 * @param seq      position in the conversation, from 1
 * @param task     the task of the job the turn started or finished ({@code null} for none)
 * @param settings the generation settings used ({@code null} where none apply)
 * @param jobId    the job this turn started (user) or finished (assistant)
 */
public record Turn(UUID id, UUID conversationId, int seq, Role role, String text, Task task,
                   List<String> prompts, List<UUID> imageIds, GenerationSettings settings,
                   UUID jobId, Instant createdAt) {

    public Turn {
        prompts = List.copyOf(prompts);
        imageIds = List.copyOf(imageIds);
    }

    public enum Role { USER, ASSISTANT }
}
