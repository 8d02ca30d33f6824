package dev.atelier.web.api;

import dev.atelier.core.job.Job;
import dev.atelier.core.job.JobStatus;
import dev.atelier.core.job.JobStore;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

import java.util.UUID;

/** A job's state, progress and result; clients poll it until {@code status} is final. */
@Controller("/api/jobs")
@ExecuteOn(TaskExecutors.BLOCKING)
public final class JobController {

    private final JobStore jobs;

    public JobController(JobStore jobs) {
        this.jobs = jobs;
    }

    @Get("/{id}")
    public Views.JobView show(String id) {
        UUID uuid = Ids.parse(id, "job");
        Job job = jobs.find(uuid).orElseThrow(() -> Ids.notFound("job", id));
        return Views.JobView.of(job, job.status() == JobStatus.QUEUED ? jobs.position(uuid) : 0);
    }
}
