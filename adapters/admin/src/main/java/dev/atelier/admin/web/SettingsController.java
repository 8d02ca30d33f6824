package dev.atelier.admin.web;

import dev.atelier.admin.account.AdminAccounts;
import dev.atelier.admin.account.Role;
import dev.atelier.admin.settings.ConsoleSettings;
import dev.atelier.core.image.StylePreset;
import dev.atelier.core.rules.AuditLog;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
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

/** Settings (generation defaults, the default model and scheduler among them, and limits, applied without a restart) and admin accounts: admins only. */
@Controller("/admin")
@ExecuteOn(TaskExecutors.BLOCKING)
public class SettingsController {

    private final ConsoleSettings settings;
    private final AdminAccounts accounts;
    private final AuditLog audit;
    private final Pages pages;

    public SettingsController(ConsoleSettings settings, AdminAccounts accounts, AuditLog audit, Pages pages) {
        this.settings = settings;
        this.accounts = accounts;
        this.audit = audit;
        this.pages = pages;
    }

    @Get("/settings")
    public HttpResponse<?> page(HttpRequest<?> request, @QueryValue @Nullable String note) {
        var session = Guard.view(request, Role.ADMIN);
        return pages.page("settings", session, model(note, List.of(), null));
    }

    @Post(value = "/settings", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    public HttpResponse<?> save(HttpRequest<?> request, @Body @Nullable Map<String, String> form) {
        var session = Guard.act(request, form, Role.ADMIN);
        List<String> problems = settings.save(session.name(), form == null ? Map.of() : form);
        if (!problems.isEmpty()) {
            Guard.rendered(request);
            return pages.page("settings", session, model(null, problems, form)).status(HttpStatus.BAD_REQUEST);
        }
        return HttpResponse.seeOther(URI.create("/admin/settings?note=" + enc("Saved; the next message uses them.")));
    }

    @Get("/accounts")
    public HttpResponse<?> accountsPage(HttpRequest<?> request, @QueryValue @Nullable String note) {
        var session = Guard.view(request, Role.ADMIN);
        return pages.page("accounts", session, Map.of("active", "accounts", "accounts", accounts.all(),
                "note", note == null ? "" : note, "password", "", "now", java.time.Instant.now()));
    }

    @Post(value = "/accounts", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    public HttpResponse<?> account(HttpRequest<?> request, @Body @Nullable Map<String, String> form) {
        var session = Guard.act(request, form, Role.ADMIN);
        String name = Guard.field(form, "name");
        String action = Guard.field(form, "action");
        try {
            switch (action) {
                case "create", "reset" -> {
                    String password;
                    if (action.equals("create")) {
                        Role role = Role.byWireName(Guard.field(form, "role")).orElse(Role.MODERATOR);
                        password = accounts.create(name, role);
                        audit.record(session.name(), "admin.create", "admin:" + name, role.wireName());
                    } else {
                        password = accounts.resetPassword(name);
                        audit.record(session.name(), "admin.reset", "admin:" + name, null);
                    }
                    // Shown once, on this response only; never stored in clear.
                    return pages.page("accounts", session, Map.of("active", "accounts", "accounts", accounts.all(),
                            "note", "One-time password for " + name + " (shown once):", "password", password,
                            "now", java.time.Instant.now()));
                }
                case "role" -> {
                    Role role = Role.byWireName(Guard.field(form, "role")).orElseThrow(() -> new IllegalArgumentException("Unknown role."));
                    if (name.equals(session.name())) return back("You cannot change your own role.");
                    accounts.setRole(name, role);
                    audit.record(session.name(), "admin.role", "admin:" + name, role.wireName());
                    return back(name + " is now " + role.wireName() + ".");
                }
                case "unlock" -> {
                    accounts.unlock(name);
                    audit.record(session.name(), "admin.unlock", "admin:" + name, null);
                    return back(name + " unlocked.");
                }
                case "delete" -> {
                    if (name.equals(session.name())) return back("You cannot delete your own account.");
                    accounts.delete(name);
                    audit.record(session.name(), "admin.delete", "admin:" + name, null);
                    return back(name + " deleted.");
                }
                default -> {
                    return back("Unknown action.");
                }
            }
        } catch (IllegalArgumentException e) {
            return back(e.getMessage());
        }
    }

    private Map<String, Object> model(String note, List<String> problems, Map<String, String> form) {
        Map<String, Object> model = new HashMap<>();
        model.put("active", "settings");
        model.put("note", note == null ? "" : note);
        model.put("problems", problems);
        Map<String, String> values = new HashMap<>(settings.overrides());
        if (form != null) ConsoleSettings.KEYS.forEach(k -> values.put(k, form.getOrDefault(k, "")));
        model.put("values", values);
        model.put("effective", settings.effective());
        model.put("configured", settings.configured());
        model.put("configuredLimits", settings.configuredLimits());
        model.put("styles", StylePreset.ALL.stream().map(StylePreset::name).toList());
        // A default model removed from disk since stays listed, so saving the page keeps it.
        List<String> models = new java.util.ArrayList<>(settings.modelChoices());
        String chosen = values.get("default-model");
        if (chosen != null && !chosen.isBlank() && !models.contains(chosen)) models.add(chosen);
        model.put("models", models);
        model.put("schedulers", settings.schedulerChoices());
        return model;
    }

    private static HttpResponse<?> back(String note) {
        return HttpResponse.seeOther(URI.create("/admin/accounts?note=" + enc(note)));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
