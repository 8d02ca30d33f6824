package dev.atelier.web.api;

import dev.atelier.core.conversation.Conversation;
import dev.atelier.core.conversation.ConversationStore;
import dev.atelier.core.conversation.UserDirectory;
import dev.atelier.core.turn.Inbound;
import dev.atelier.core.turn.RejectedTurnException;
import dev.atelier.core.turn.RejectedTurnException.Reason;
import dev.atelier.core.turn.TurnOrchestrator;
import dev.atelier.core.turn.TurnRequest;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Part;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.multipart.CompletedFileUpload;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.UUID;

/**
 * The browser's and any HTTP client's way in: conversations and their messages. Thin: every
 * rule lives in bot-core, so the web refuses exactly what Discord and Telegram refuse.
 */
@Controller("/api/conversations")
@ExecuteOn(TaskExecutors.BLOCKING)
public final class ConversationController {

    static final String PLATFORM = "web";
    /** Who is talking, for a browser or script that says so; anonymous otherwise. */
    static final String USER_HEADER = "X-Atelier-User";

    private final ConversationStore conversations;
    private final UserDirectory users;
    private final TurnOrchestrator orchestrator;

    public ConversationController(ConversationStore conversations, UserDirectory users, TurnOrchestrator orchestrator) {
        this.conversations = conversations;
        this.users = users;
        this.orchestrator = orchestrator;
    }

    @Post
    public HttpResponse<Views.Created> create(@Header(USER_HEADER) @Nullable String user) {
        String who = user(user);
        UUID owner = users.resolve(PLATFORM, who, who);
        Conversation c = conversations.create(PLATFORM, UUID.randomUUID().toString(), owner);
        return HttpResponse.created(new Views.Created(c.id().toString()), URI.create("/api/conversations/" + c.id()));
    }

    @Get("/{id}")
    public Views.ConversationView show(String id) {
        UUID uuid = Ids.parse(id, "conversation");
        Conversation c = conversations.find(uuid).orElseThrow(() -> Ids.notFound("conversation", id));
        return Views.ConversationView.of(c, conversations.turns(uuid));
    }

    @Post(value = "/{id}/messages", consumes = MediaType.MULTIPART_FORM_DATA)
    public HttpResponse<Views.Accepted> message(String id,
                                                @Header(USER_HEADER) @Nullable String user,
                                                @Header("Idempotency-Key") @Nullable String idempotencyKey,
                                                @Part("text") @Nullable String text,
                                                @Part("image") @Nullable CompletedFileUpload image,
                                                @Part("mask") @Nullable CompletedFileUpload mask,
                                                @Part("seed") @Nullable String seed,
                                                @Part("width") @Nullable String width,
                                                @Part("height") @Nullable String height,
                                                @Part("steps") @Nullable String steps,
                                                @Part("guidance") @Nullable String guidance,
                                                @Part("negative") @Nullable String negative,
                                                @Part("strength") @Nullable String strength,
                                                @Part("task") @Nullable String task,
                                                @Part("direction") @Nullable String direction,
                                                @Part("amount") @Nullable String amount,
                                                @Part("style") @Nullable String style,
                                                @Part("count") @Nullable String count,
                                                @Part("model") @Nullable String model,
                                                @Part("scheduler") @Nullable String scheduler) {
        UUID conversationId = Ids.parse(id, "conversation");
        String who = user(user);
        Inbound inbound = new Inbound(PLATFORM, conversationId.toString(), who, who,
                idempotencyKey == null || idempotencyKey.isBlank() ? null : conversationId + ":" + idempotencyKey.strip(),
                conversationId, text, upload(image), upload(mask),
                new Inbound.Options(Numbers.integer("width", width), Numbers.integer("height", height),
                        Numbers.integer("steps", steps), Numbers.decimal("guidance", guidance),
                        Numbers.seed(seed), negative, Numbers.decimal("strength", strength), style,
                        Numbers.integer("count", count), model, scheduler),
                task, direction, Numbers.decimal("amount", amount));
        TurnRequest.Accepted accepted = orchestrator.accept(inbound);
        return HttpResponse.accepted(URI.create("/api/jobs/" + accepted.jobId()))
                .body(new Views.Accepted(accepted.jobId().toString(), accepted.turnId().toString(),
                        accepted.conversationId().toString()));
    }

    private static Inbound.Upload upload(@Nullable CompletedFileUpload file) {
        if (file == null) return null;
        try {
            byte[] bytes = file.getBytes();
            if (bytes.length == 0 && (file.getFilename() == null || file.getFilename().isBlank())) {
                return null; // an empty file input of a browser form: nothing was chosen
            }
            return new Inbound.Upload(bytes, file.getFilename(),
                    file.getContentType().map(MediaType::toString).orElse("application/octet-stream"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String user(@Nullable String header) {
        if (header == null || header.isBlank()) return "anonymous";
        String u = header.strip();
        if (u.length() > 100) throw new RejectedTurnException(Reason.INVALID, USER_HEADER + " is longer than 100 characters.");
        return u;
    }
}
