package dev.atelier.admin.web;

import dev.atelier.admin.account.Role;
import dev.atelier.admin.data.Reviews;
import dev.atelier.core.image.ImageStore;
import dev.atelier.core.rules.AuditLog;
import dev.atelier.core.rules.Bans;
import dev.atelier.core.rules.ModerationRules;
import dev.atelier.core.rules.moderation.PromptMatcher;
import dev.atelier.core.rules.moderation.PromptRule;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Moderation rules (add, edit, delete, test a text) through bot-core's {@link ModerationRules},
 * which validates each rule and writes its audit entry, and the review queue.
 */
@Controller("/admin/moderation")
@ExecuteOn(TaskExecutors.BLOCKING)
public class ModerationController {

    private final ModerationRules rules;
    private final Reviews reviews;
    private final Bans bans;
    private final AuditLog audit;
    private final ImageStore images;
    private final Pages pages;

    public ModerationController(ModerationRules rules, Reviews reviews, Bans bans, AuditLog audit, ImageStore images,
                                Pages pages) {
        this.images = images;
        this.rules = rules;
        this.reviews = reviews;
        this.bans = bans;
        this.audit = audit;
        this.pages = pages;
    }

    @Get
    public HttpResponse<?> page(HttpRequest<?> request, @QueryValue @Nullable String note, @QueryValue @Nullable String edit) {
        var session = Guard.session(request);
        return pages.page("moderation", session, model(note, edit, "", null));
    }

    @Post(value = "/test", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    public HttpResponse<?> test(HttpRequest<?> request, @Body @Nullable Map<String, String> form) {
        var session = Guard.act(request, form, Role.MODERATOR);
        String text = form == null || form.get("text") == null ? "" : form.get("text");
        Optional<PromptMatcher.Verdict> verdict = PromptMatcher.of(rules.all()).check(text);
        String result = verdict.map(v -> "Stopped" + (v.rule() == null ? "" : " by rule " + v.rule().id()) + ": " + v.reason())
                .orElse("Passes every rule.");
        return pages.page("moderation", session, model(null, null, text, result));
    }

    @Post(value = "/rules", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    public HttpResponse<?> add(HttpRequest<?> request, @Body @Nullable Map<String, String> form) {
        var session = Guard.act(request, form, Role.MODERATOR);
        long replaces = parseLong(Guard.field(form, "replaces"));
        try {
            PromptRule.Kind kind = PromptRule.Kind.byWireName(Guard.field(form, "kind").isEmpty() ? "word" : Guard.field(form, "kind"));
            String pattern = Guard.field(form, "pattern");
            String reason = Guard.field(form, "reason");
            if (pattern.isEmpty() || reason.isEmpty()) return back("A rule needs a pattern and a reason.");
            PromptRule added = rules.add(session.name(), kind, pattern, reason);
            // Editing is adding the new rule, then removing the old one: never a moment without either.
            if (replaces > 0) rules.remove(session.name(), replaces);
            return back(replaces > 0 ? "Rule " + replaces + " replaced by rule " + added.id() + "." : "Rule " + added.id() + " added.");
        } catch (IllegalArgumentException e) {
            return back("Not added: " + e.getMessage());
        }
    }

    @Post(value = "/rules/{id}/delete", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    public HttpResponse<?> delete(HttpRequest<?> request, long id, @Body @Nullable Map<String, String> form) {
        var session = Guard.act(request, form, Role.MODERATOR);
        return back(rules.remove(session.name(), id) ? "Rule " + id + " deleted." : "There was no rule " + id + ".");
    }

    @Post(value = "/reviews/{id}", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    public HttpResponse<?> review(HttpRequest<?> request, long id, @Body @Nullable Map<String, String> form) {
        var session = Guard.act(request, form, Role.MODERATOR);
        Optional<Reviews.Row> item = reviews.find(id);
        if (item.isEmpty()) return HttpResponse.notFound();
        String action = Guard.field(form, "action");
        switch (action) {
            case "approve", "delete" -> {
                String status = action.equals("approve") ? "approved" : "deleted";
                if (!reviews.close(id, status)) return back("Review " + id + " was closed already.");
                audit.record(session.name(), "review." + action, "review:" + id, item.get().reason());
                return back("Review " + id + " " + status + ".");
            }
            case "ban" -> {
                String[] who = whoToBan(item.get());
                if (who == null) return back("Review " + id + " names nobody to ban.");
                bans.banIdentity(session.name(), who[0], who[1], "review " + id + ": " + item.get().reason());
                reviews.close(id, "deleted");
                audit.record(session.name(), "review.ban", "review:" + id, who[0] + "/" + who[1]);
                return back("Banned " + who[0] + "/" + who[1] + "; review " + id + " closed.");
            }
            default -> {
                return back("Unknown action.");
            }
        }
    }

    /**
     * Who a review is about: the identity it names (a user's text), else the one who asked for its
     * job (a generation prompt or an image; in a group chat not necessarily the conversation's
     * owner), else, for a job with no asker on record, the conversation's owner.
     */
    private String[] whoToBan(Reviews.Row item) {
        if (item.platform() != null) return new String[]{item.platform(), item.platformUserId()};
        if (item.jobId() != null) {
            Optional<String[]> asker = reviews.askerIdentity(item.jobId());
            if (asker.isPresent()) return asker.get();
        }
        return item.conversationId() == null ? null : reviews.ownerIdentity(item.conversationId()).orElse(null);
    }

    /**
     * The image a review item is about, for moderators only: an image the safety check withheld
     * is not served by the public API.
     */
    @Get("/reviews/{id}/image")
    public HttpResponse<?> reviewImage(HttpRequest<?> request, long id) {
        Guard.session(request);
        var image = reviews.find(id).map(Reviews.Row::imageId).flatMap(images::find);
        if (image.isEmpty()) return HttpResponse.notFound();
        return HttpResponse.ok(images.read(image.get())).contentType(image.get().contentType())
                .header("Cache-Control", "private, no-store").header("X-Content-Type-Options", "nosniff");
    }

    private Map<String, Object> model(String note, String edit, String text, String result) {
        Map<String, Object> model = new HashMap<>();
        List<PromptRule> all = rules.all();
        model.put("active", "moderation");
        model.put("rules", all);
        model.put("reviews", reviews.open());
        model.put("note", note == null ? "" : note);
        long editing = parseLong(edit);
        model.put("editing", all.stream().filter(r -> r.id() == editing).findFirst().orElse(null));
        model.put("text", text);
        model.put("result", result == null ? "" : result);
        return model;
    }

    private static long parseLong(String s) {
        try {
            return s == null || s.isBlank() ? 0 : Long.parseLong(s.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static HttpResponse<?> back(String note) {
        return HttpResponse.seeOther(URI.create("/admin/moderation?note=" + URLEncoder.encode(note, StandardCharsets.UTF_8)));
    }
}
