package dev.atelier.admin.web;

import dev.atelier.admin.account.Role;
import dev.atelier.admin.data.Jobs;
import dev.atelier.core.job.JobControl;
import dev.atelier.core.turn.RejectedTurnException;
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
import java.util.Map;
import java.util.UUID;

/** The job board (queue with positions, running with progress, failures) with cancel and retry. */
@Controller("/admin/jobs")
@ExecuteOn(TaskExecutors.BLOCKING)
public class JobsController {

    private final Jobs jobs;
    private final JobControl control;
    private final Pages pages;

    public JobsController(Jobs jobs, JobControl control, Pages pages) {
        this.jobs = jobs;
        this.control = control;
        this.pages = pages;
    }

    @Get
    public HttpResponse<?> page(HttpRequest<?> request, @QueryValue @Nullable String note) {
        var session = Guard.session(request);
        return pages.page("jobs", session, Map.of("active", "jobs", "board", jobs.board(), "note", note == null ? "" : note));
    }

    /** The board alone: the page reloads it every two seconds. */
    @Get("/board")
    public HttpResponse<?> board(HttpRequest<?> request) {
        var session = Guard.session(request);
        return pages.fragment("jobs", "board", session, Map.of("board", jobs.board()));
    }

    @Post(value = "/{id}/cancel", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    public HttpResponse<?> cancel(HttpRequest<?> request, String id, @Body @Nullable Map<String, String> form) {
        var session = Guard.act(request, form, Role.MODERATOR);
        UUID uuid = ConversationsController.uuid(id);
        if (uuid == null) return HttpResponse.notFound();
        return switch (control.cancel(session.name(), uuid)) {
            case DONE -> back("Job " + uuid + " cancelled.");
            case NOT_FOUND -> HttpResponse.notFound();
            case NOT_ALLOWED -> back("Job " + uuid + " had already finished.");
        };
    }

    @Post(value = "/{id}/retry", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    public HttpResponse<?> retry(HttpRequest<?> request, String id, @Body @Nullable Map<String, String> form) {
        var session = Guard.act(request, form, Role.MODERATOR);
        UUID uuid = ConversationsController.uuid(id);
        if (uuid == null) return HttpResponse.notFound();
        try {
            return switch (control.retry(session.name(), uuid)) {
                case DONE -> back("Job " + uuid + " queued again.");
                case NOT_FOUND -> HttpResponse.notFound();
                case NOT_ALLOWED -> back("Only a failed job can be retried.");
            };
        } catch (RejectedTurnException e) {
            return back(e.getMessage());
        }
    }

    private static HttpResponse<?> back(String note) {
        return HttpResponse.seeOther(URI.create("/admin/jobs?note=" + URLEncoder.encode(note, StandardCharsets.UTF_8)));
    }
}
