package dev.atelier.admin.web;

import dev.atelier.admin.data.Conversations;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

import java.net.URI;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/** Conversations (search, one with its turns) and the gallery of generated images. */
@Controller("/admin")
@ExecuteOn(TaskExecutors.BLOCKING)
public class ConversationsController {

    private final Conversations conversations;
    private final Pages pages;

    public ConversationsController(Conversations conversations, Pages pages) {
        this.conversations = conversations;
        this.pages = pages;
    }

    @Get("/conversations")
    public HttpResponse<?> list(HttpRequest<?> request, @QueryValue @Nullable String user, @QueryValue @Nullable String platform,
                                @QueryValue @Nullable String text, @QueryValue @Nullable String from,
                                @QueryValue @Nullable String to) {
        var session = Guard.session(request);
        var filter = new Conversations.Filter(user, platform, text, date(from), date(to));
        Map<String, Object> model = new HashMap<>();
        model.put("active", "conversations");
        model.put("rows", conversations.search(filter));
        model.put("platforms", conversations.platforms());
        model.put("f", Map.of("user", n(user), "platform", n(platform), "text", n(text), "from", n(from), "to", n(to)));
        return pages.page("conversations", session, model);
    }

    @Get("/conversations/{id}")
    public HttpResponse<?> one(HttpRequest<?> request, String id) {
        var session = Guard.session(request);
        UUID uuid = uuid(id);
        var detail = uuid == null ? null : conversations.find(uuid).orElse(null);
        if (detail == null) return HttpResponse.notFound();
        return pages.page("conversation", session, Map.of("active", "conversations", "c", detail.conversation(),
                "turns", detail.turns()));
    }

    @Get("/gallery")
    public HttpResponse<?> gallery(HttpRequest<?> request, @QueryValue @Nullable String platform, @QueryValue @Nullable String user,
                                   @QueryValue @Nullable String task, @QueryValue @Nullable String flag) {
        var session = Guard.session(request);
        boolean flagged = "flagged".equals(flag);
        Map<String, Object> model = new HashMap<>();
        model.put("active", "gallery");
        model.put("pictures", conversations.gallery(platform, user, task, flagged, 120));
        model.put("platforms", conversations.platforms());
        model.put("tasks", java.util.Arrays.stream(dev.atelier.core.image.Task.values()).map(t -> t.wireName()).toList());
        model.put("f", Map.of("user", n(user), "platform", n(platform), "task", n(task), "flag", flagged ? "flagged" : ""));
        return pages.page("gallery", session, model);
    }

    /** A gallery picture opens the conversation it was made in, at its turn. */
    @Get("/gallery/{imageId}")
    public HttpResponse<?> picture(HttpRequest<?> request, String imageId) {
        Guard.session(request);
        UUID uuid = uuid(imageId);
        var conversation = uuid == null ? null : conversations.conversationOfImage(uuid).orElse(null);
        if (conversation == null) return HttpResponse.notFound();
        return HttpResponse.seeOther(URI.create("/admin/conversations/" + conversation + "#image-" + uuid));
    }

    static UUID uuid(String s) {
        try {
            return s == null ? null : UUID.fromString(s.strip());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    static LocalDate date(String s) {
        try {
            return s == null || s.isBlank() ? null : LocalDate.parse(s.strip());
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    static String n(String s) {
        return s == null ? "" : s;
    }
}
