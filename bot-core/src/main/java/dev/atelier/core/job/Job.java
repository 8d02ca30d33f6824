package dev.atelier.core.job;

import dev.atelier.core.image.Direction;
import dev.atelier.core.image.GenerationSettings;
import dev.atelier.core.image.Task;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One unit of work: a user turn to answer. Created {@code QUEUED} with the request; the
 * worker fills in progress, then the result (reply text, prompts, images) or the error.
 *
 * @param sourceImageId the image the task starts from (attached, or the previous result)
 * @param maskImageId   the inpainting mask, when one was sent
 */
public record Job(UUID id, UUID conversationId, UUID userTurnId, JobStatus status, Task task,
                  GenerationSettings settings, UUID sourceImageId, UUID maskImageId,
                  Direction direction, double amount, int step, int steps, int attempts,
                  String text, List<String> prompts, List<UUID> imageIds, String error,
                  Instant createdAt, Instant updatedAt) {

    public Job {
        prompts = prompts == null ? List.of() : List.copyOf(prompts);
        imageIds = imageIds == null ? List.of() : List.copyOf(imageIds);
    }
}
