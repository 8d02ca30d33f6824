package dev.atelier.core.job;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The latest preview of each recent job, as heard on the {@link JobEvents}: what
 * {@code GET /api/jobs/{id}/preview} serves. Every process that serves the API keeps its own,
 * filled by the events every worker publishes; previews are a courtesy, so one missed or lost
 * with a restart costs nothing but a blank until the next one.
 *
 * <p>Bounded: the previews of the {@value #KEPT} jobs heard from last (a few KB each); a
 * job's preview is dropped when it ends (done, failed or cancelled).
 */
public final class JobPreviews {

    /** Jobs whose latest preview is kept; at about 4 KB each, about 2 MB. */
    static final int KEPT = 512;

    private final Map<UUID, Preview> latest = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<UUID, Preview> eldest) {
            return size() > KEPT;
        }
    };

    /** A JPEG and the job step it shows. */
    public record Preview(byte[] jpeg, int step, int steps) {
    }

    /** Keeps the previews that {@code events} carries from now on. */
    public JobPreviews(JobEvents events) {
        events.subscribe(this::on);
    }

    void on(JobEvents.Event event) {
        if (event.status() == JobStatus.DONE || event.status() == JobStatus.FAILED
                || event.status() == JobStatus.CANCELLED) {
            // Over: the result (or the reason there is none) is what the job shows now. A failed
            // job's preview may be of a picture the safety check withheld.
            synchronized (latest) {
                latest.remove(event.jobId());
            }
            return;
        }
        if (!event.hasPreview()) return;
        synchronized (latest) {
            Preview known = latest.get(event.jobId());
            // Events can arrive twice or late; an older step never replaces a newer one.
            if (known == null || known.step() <= event.step()) {
                latest.put(event.jobId(), new Preview(event.preview(), event.step(), event.steps()));
            }
        }
    }

    public Optional<Preview> latest(UUID jobId) {
        synchronized (latest) {
            return Optional.ofNullable(latest.get(jobId));
        }
    }
}
