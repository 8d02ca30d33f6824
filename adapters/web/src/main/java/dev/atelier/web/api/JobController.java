package dev.atelier.web.api;

import dev.atelier.core.job.Job;
import dev.atelier.core.job.JobPreviews;
import dev.atelier.core.job.JobStatus;
import dev.atelier.core.job.JobStore;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
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
    private final JobPreviews previews;

    public JobController(JobStore jobs, JobPreviews previews) {
        this.jobs = jobs;
        this.previews = previews;
    }

    @Get("/{id}")
    public Views.JobView show(String id) {
        UUID uuid = Ids.parse(id, "job");
        Job job = jobs.find(uuid).orElseThrow(() -> Ids.notFound("job", id));
        boolean preview = job.status() == JobStatus.RUNNING && previews.latest(uuid).isPresent();
        return Views.JobView.of(job, job.status() == JobStatus.QUEUED ? jobs.position(uuid) : 0, preview);
    }

    /**
     * The latest preview of the job's picture (a small JPEG, refreshed every few steps while it
     * runs); 404 until the first one, once the job has ended, for an unknown job, or with previews off.
     */
    @Get(value = "/{id}/preview", produces = MediaType.IMAGE_JPEG)
    public HttpResponse<byte[]> preview(String id) {
        UUID uuid = Ids.parse(id, "job");
        var job = jobs.find(uuid).orElseThrow(() -> Ids.notFound("job", id));
        // Only while it runs: after the end the result is what the job shows, and a failed job's
        // last preview may be of a picture the safety check withheld.
        JobPreviews.Preview preview = (job.status() == JobStatus.RUNNING ? previews.latest(uuid)
                : java.util.Optional.<JobPreviews.Preview>empty()).orElseThrow(() ->
                new dev.atelier.core.turn.RejectedTurnException(dev.atelier.core.turn.RejectedTurnException.Reason.NOT_FOUND,
                        "Job " + id + " has no preview " + (job.status() == JobStatus.RUNNING ? "yet." : "(it is not running).")));
        return HttpResponse.ok(preview.jpeg()).contentType(MediaType.IMAGE_JPEG_TYPE)
                .header("Cache-Control", "no-store")
                .header("X-Atelier-Step", preview.step() + "/" + preview.steps());
    }
}
