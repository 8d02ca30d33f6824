package dev.atelier.admin.web;

import dev.atelier.admin.data.Dashboard;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

import java.util.Map;

/** The dashboard page and the JSON its charts poll. */
@Controller("/admin")
@ExecuteOn(TaskExecutors.BLOCKING)
public class DashboardController {

    private final Dashboard dashboard;
    private final Pages pages;

    public DashboardController(Dashboard dashboard, Pages pages) {
        this.dashboard = dashboard;
        this.pages = pages;
    }

    @Get
    public HttpResponse<?> page(HttpRequest<?> request, @QueryValue @Nullable String range) {
        Dashboard.Range r = Dashboard.Range.parse(range);
        return pages.page("dashboard", Guard.session(request), Map.of("active", "dashboard", "stats", dashboard.stats(r)));
    }

    @Get("/api/stats")
    public HttpResponse<Dashboard.Stats> stats(HttpRequest<?> request, @QueryValue @Nullable String range) {
        Guard.session(request);
        return HttpResponse.ok(dashboard.stats(Dashboard.Range.parse(range))).header("Cache-Control", "no-store");
    }
}
