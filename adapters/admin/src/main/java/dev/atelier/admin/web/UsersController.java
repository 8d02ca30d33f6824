package dev.atelier.admin.web;

import dev.atelier.admin.account.Role;
import dev.atelier.admin.data.Conversations;
import dev.atelier.admin.data.Users;
import dev.atelier.core.rules.Bans;
import dev.atelier.core.rules.UserLimits;
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
import java.util.Map;
import java.util.UUID;

/**
 * Platform identities with usage and limits. Bans go through bot-core's {@link Bans} (moderators
 * may ban); per-user rate limits and quotas through {@link UserLimits} (admins only). Both
 * ports write the audit entry with the signed-in admin as the actor.
 */
@Controller("/admin/users")
@ExecuteOn(TaskExecutors.BLOCKING)
public class UsersController {

    private final Users users;
    private final Conversations conversations;
    private final Bans bans;
    private final UserLimits limits;
    private final Pages pages;

    public UsersController(Users users, Conversations conversations, Bans bans, UserLimits limits, Pages pages) {
        this.users = users;
        this.conversations = conversations;
        this.bans = bans;
        this.limits = limits;
        this.pages = pages;
    }

    @Get
    public HttpResponse<?> page(HttpRequest<?> request, @QueryValue @Nullable String q, @QueryValue @Nullable String platform,
                                @QueryValue @Nullable String banned, @QueryValue @Nullable String note) {
        var session = Guard.session(request);
        Map<String, Object> model = new HashMap<>();
        model.put("active", "users");
        model.put("rows", users.search(q, platform, "1".equals(banned)));
        model.put("platforms", conversations.platforms());
        model.put("f", Map.of("q", ConversationsController.n(q), "platform", ConversationsController.n(platform),
                "banned", "1".equals(banned) ? "1" : ""));
        model.put("note", note == null ? "" : note);
        return pages.page("users", session, model);
    }

    @Post(value = "/ban", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    public HttpResponse<?> ban(HttpRequest<?> request, @Body @Nullable Map<String, String> form) {
        var session = Guard.act(request, form, Role.MODERATOR);
        String platform = Guard.field(form, "platform");
        String id = Guard.field(form, "platformUserId");
        if (platform.isEmpty() || id.isEmpty()) return back("Say which identity to ban.");
        String reason = Guard.field(form, "reason");
        if ("user".equals(Guard.field(form, "scope"))) {
            UUID user = ConversationsController.uuid(Guard.field(form, "userId"));
            if (user == null) return back("No such user.");
            bans.banUser(session.name(), user, reason);
            return back("Banned every identity of " + platform + "/" + id + ".");
        }
        bans.banIdentity(session.name(), platform, id, reason);
        return back("Banned " + platform + "/" + id + ".");
    }

    /**
     * Lifts what was banned: the identity's own ban, or with {@code scope=user} the user-wide ban
     * (every identity of the user). Unbanning one identity never lifts a user-wide ban.
     */
    @Post(value = "/unban", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    public HttpResponse<?> unban(HttpRequest<?> request, @Body @Nullable Map<String, String> form) {
        var session = Guard.act(request, form, Role.MODERATOR);
        String platform = Guard.field(form, "platform");
        String id = Guard.field(form, "platformUserId");
        if ("user".equals(Guard.field(form, "scope"))) {
            UUID user = ConversationsController.uuid(Guard.field(form, "userId"));
            if (user == null) return back("No such user.");
            return back(bans.unbanUser(session.name(), user) ? "Lifted the ban on every identity of " + platform + "/" + id + "."
                    : platform + "/" + id + " had no user-wide ban.");
        }
        if (bans.unbanIdentity(session.name(), platform, id)) {
            boolean stillBanned = bans.find(platform, id).isPresent();
            return back("Unbanned " + platform + "/" + id + "." + (stillBanned
                    ? " The user-wide ban on all their identities still holds; lift it with 'Unban user'." : ""));
        }
        return back(platform + "/" + id + " had no ban of its own.");
    }

    @Post(value = "/limits", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    public HttpResponse<?> setLimits(HttpRequest<?> request, @Body @Nullable Map<String, String> form) {
        var session = Guard.act(request, form, Role.ADMIN);
        UUID user = ConversationsController.uuid(Guard.field(form, "userId"));
        if (user == null) return back("No such user.");
        if ("clear".equals(Guard.field(form, "action"))) {
            limits.clear(session.name(), user);
            return back("Limits of " + Guard.field(form, "label") + " back to the defaults.");
        }
        try {
            Integer perMinute = number(form, "perMinute");
            Integer burst = number(form, "burst");
            Integer images = number(form, "imagesPerDay");
            Integer gpuSeconds = number(form, "gpuSecondsPerDay");
            limits.setRateLimit(session.name(), user, perMinute, burst);
            limits.setDailyImages(session.name(), user, images);
            limits.setDailyGpuSeconds(session.name(), user, gpuSeconds);
            return back("Limits of " + Guard.field(form, "label") + " saved.");
        } catch (IllegalArgumentException e) {
            return back(e.getMessage());
        }
    }

    private static Integer number(Map<String, String> form, String name) {
        String v = Guard.field(form, name);
        if (v.isEmpty()) return null;
        try {
            int n = Integer.parseInt(v);
            if (n < 0 || n > 1_000_000) throw new IllegalArgumentException(name + " must be between 0 and 1000000.");
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + ": '" + v + "' is not a whole number.");
        }
    }

    private static HttpResponse<?> back(String note) {
        return HttpResponse.seeOther(URI.create("/admin/users?note=" + URLEncoder.encode(note, StandardCharsets.UTF_8)));
    }
}
