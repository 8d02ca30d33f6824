package dev.atelier.web.api;

import dev.atelier.core.conversation.Conversation;
import dev.atelier.core.conversation.Turn;
import dev.atelier.core.image.GenerationSettings;
import dev.atelier.core.job.Job;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/** The JSON shapes of the public API; field names are the API's contract (see the README). */
final class Views {

    private Views() {
    }

    static String imageLink(UUID id) {
        return "/api/images/" + id;
    }

    @Serdeable
    record Created(String id) {
    }

    @Serdeable
    record Accepted(String jobId, String turnId, String conversationId) {
    }

    @Serdeable
    record Progress(int step, int steps) {
    }

    /** @param preview the link to the latest preview while the job runs and has one; else null */
    @Serdeable
    record JobView(String id, String conversationId, String status, int position, Progress progress, String task,
                   @Nullable String text, List<String> prompts, List<String> images, @Nullable String error,
                   GenerationSettings settings, Instant createdAt, Instant updatedAt, @Nullable String preview) {

        static JobView of(Job job, int position) {
            return of(job, position, false);
        }

        static JobView of(Job job, int position, boolean hasPreview) {
            return new JobView(job.id().toString(), job.conversationId().toString(),
                    job.status().wireName(), position, new Progress(job.step(), job.steps()), job.task().wireName(),
                    job.text(), job.prompts(), job.imageIds().stream().map(Views::imageLink).toList(), job.error(),
                    job.settings(), job.createdAt(), job.updatedAt(),
                    hasPreview ? "/api/jobs/" + job.id() + "/preview" : null);
        }
    }

    @Serdeable
    record TurnView(String id, int seq, String role, String text, @Nullable String task, List<String> prompts,
                    List<String> images, @Nullable GenerationSettings settings, @Nullable String jobId,
                    Instant createdAt) {

        static TurnView of(Turn t) {
            return new TurnView(t.id().toString(), t.seq(), t.role().name().toLowerCase(Locale.ROOT), t.text(),
                    t.task() == null ? null : t.task().wireName(), t.prompts(),
                    t.imageIds().stream().map(Views::imageLink).toList(), t.settings(),
                    t.jobId() == null ? null : t.jobId().toString(), t.createdAt());
        }
    }

    @Serdeable
    record ConversationView(String id, String platform, Instant createdAt, List<TurnView> turns) {

        static ConversationView of(Conversation c, List<Turn> turns) {
            return new ConversationView(c.id().toString(), c.platform(), c.createdAt(),
                    turns.stream().map(TurnView::of).toList());
        }
    }
}
