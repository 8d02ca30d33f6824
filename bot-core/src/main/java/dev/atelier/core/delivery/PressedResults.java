package dev.atelier.core.delivery;

import dev.atelier.core.image.ImageStore;
import dev.atelier.core.job.Job;
import dev.atelier.core.job.JobStore;
import dev.atelier.core.turn.Inbound;

import java.util.Optional;
import java.util.UUID;

/**
 * What every platform looks up when a button under a result is pressed: the result it was
 * pressed on, whether the same press already has a job running, and the picture it starts from.
 * What the press then asks for, and how it is answered, stays with each adapter.
 */
public final class PressedResults {

    private final JobStore jobs;
    private final DeliveryLedger ledger;
    private final ImageStore images;

    public PressedResults(JobStore jobs, DeliveryLedger ledger, ImageStore images) {
        this.jobs = jobs;
        this.ledger = ledger;
        this.images = images;
    }

    /** The delivered result a button belongs to, and its job. */
    public record Pressed(DeliveryLedger.Delivery delivery, Job job) {
    }

    /** Empty when the result or its job is gone (an old button): the press has expired. */
    public Optional<Pressed> find(ResultAction.Press press) {
        Optional<DeliveryLedger.Delivery> delivery = ledger.findByActionKey(press.key());
        return delivery.flatMap(d -> jobs.find(d.jobId())).map(job -> new Pressed(delivery.get(), job));
    }

    /**
     * True while the job the last press of this button on this result started is unfinished. Read
     * from the ledger, not memory, so a press another Atelier process took counts too.
     */
    public boolean alreadyRunning(ResultAction.Press press) {
        return ledger.actionJob(press.key(), press.action().code)
                .flatMap(jobs::find).map(j -> !j.status().finished()).orElse(false);
    }

    /**
     * The picture of the result a press starts from, named {@code fileName}. An image index past
     * the last (a button of a result that lost pictures) takes the nearest one.
     */
    public Inbound.Upload picture(Job job, int index, String fileName) {
        if (job.imageIds().isEmpty()) return null;
        return upload(job.imageIds().get(Math.max(0, Math.min(index, job.imageIds().size() - 1))), fileName);
    }

    /** A stored image as an upload for a new turn; null when it is gone. */
    public Inbound.Upload upload(UUID imageId, String fileName) {
        if (imageId == null) return null;
        return images.find(imageId).map(img -> new Inbound.Upload(images.read(img), fileName, img.contentType()))
                .orElse(null);
    }
}
