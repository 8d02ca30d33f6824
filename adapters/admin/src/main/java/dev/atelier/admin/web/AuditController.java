package dev.atelier.admin.web;

import dev.atelier.admin.data.Audit;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

import java.util.Map;

/** The audit log, filterable by actor, action, subject and date. */
@Controller("/admin/audit")
@ExecuteOn(TaskExecutors.BLOCKING)
public class AuditController {

    private final Audit audit;
    private final Pages pages;

    public AuditController(Audit audit, Pages pages) {
        this.audit = audit;
        this.pages = pages;
    }

    @Get
    public HttpResponse<?> page(HttpRequest<?> request, @QueryValue @Nullable String actor, @QueryValue @Nullable String action,
                                @QueryValue @Nullable String subject, @QueryValue @Nullable String from,
                                @QueryValue @Nullable String to) {
        var session = Guard.session(request);
        var entries = audit.search(actor, action, subject, ConversationsController.date(from), ConversationsController.date(to), 200);
        return pages.page("audit", session, Map.of("active", "audit", "entries", entries,
                "f", Map.of("actor", ConversationsController.n(actor), "action", ConversationsController.n(action),
                        "subject", ConversationsController.n(subject), "from", ConversationsController.n(from),
                        "to", ConversationsController.n(to))));
    }
}
