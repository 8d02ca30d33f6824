package dev.atelier.core.delivery;

import dev.atelier.core.image.ImageStore;
import dev.atelier.core.job.Job;
import dev.atelier.core.job.JobStatus;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * What a chat is shown for a finished job, the same on every platform: its pictures with the
 * prompt each was made from, or one line of words. The adapters only draw it (Telegram as photos
 * with buttons, Discord as one message with embeds).
 */
public sealed interface JobResult {

    /** Every picture is read before anything is posted, so a missing one fails the whole post, not half of it. */
    record Pictures(List<Picture> pictures) implements JobResult {
        public Pictures {
            pictures = List.copyOf(pictures);
        }
    }

    /** @param prompt the prompt this picture was made from; empty when the job kept none */
    record Picture(ImageStore.StoredImage image, byte[] png, String prompt) {
    }

    /** A text answer, or why there is no picture. */
    record Words(String text) implements JobResult {
    }

    /** @throws IllegalStateException when a picture the job made is no longer in the image store */
    static JobResult of(Job job, ImageStore images) {
        if (job.status() == JobStatus.DONE && !job.imageIds().isEmpty()) {
            List<Picture> pictures = new ArrayList<>();
            for (int i = 0; i < job.imageIds().size(); i++) {
                UUID id = job.imageIds().get(i);
                ImageStore.StoredImage image = images.find(id).orElseThrow(() ->
                        new IllegalStateException("image " + id + " of job " + job.id() + " is missing"));
                String prompt = i < job.prompts().size() ? job.prompts().get(i) : "";
                pictures.add(new Picture(image, images.read(image), prompt));
            }
            return new Pictures(pictures);
        }
        if (job.status() == JobStatus.DONE) {
            return new Words(job.text() == null || job.text().isBlank() ? "(no picture this time)" : job.text());
        }
        return new Words(job.error() == null || job.error().isBlank()
                ? "The job was " + job.status().wireName() + "." : job.error());
    }
}
