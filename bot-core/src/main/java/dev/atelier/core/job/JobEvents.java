package dev.atelier.core.job;

import java.util.UUID;

/**
 * Port: tells the adapters that a job moved (queued, progress, done, failed), so the one that
 * owns the chat can edit its status message or deliver the result. Redis pub/sub in the app,
 * so a bot process hears about jobs that a separate worker process runs.
 *
 * <p>Fire and forget: an event may be missed (a listener that was down) or arrive twice, so
 * listeners read the job from the {@link JobStore} and deliver idempotently.
 */
public interface JobEvents {

    void publish(Event event);

    /**
     * Calls {@code listener} for every event published by any Atelier process on the same
     * Redis, on a thread of the event system: the listener must hand slow work (Bot API
     * calls) to its own executor and never block.
     */
    void subscribe(Listener listener);

    @FunctionalInterface
    interface Listener {
        void on(Event event);
    }

    /**
     * One move of a job.
     *
     * @param preview a small JPEG of the picture so far (a cheap decode of the latents, about
     *                128 px on the long side), on some progress events of a running job; else {@code null}
     */
    record Event(UUID jobId, UUID conversationId, JobStatus status, int step, int steps, byte[] preview) {

        /** An event without a preview, as every publisher made them before previews existed. */
        public Event(UUID jobId, UUID conversationId, JobStatus status, int step, int steps) {
            this(jobId, conversationId, status, step, steps, null);
        }

        public boolean hasPreview() {
            return preview != null && preview.length > 0;
        }

        // A record compares arrays by reference; an event heard back from Redis is equal to the one sent.
        @Override
        public boolean equals(Object o) {
            return o instanceof Event e && jobId.equals(e.jobId) && java.util.Objects.equals(conversationId, e.conversationId)
                    && status == e.status && step == e.step && steps == e.steps
                    && java.util.Arrays.equals(preview, e.preview);
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(jobId, conversationId, status, step, steps) * 31 + java.util.Arrays.hashCode(preview);
        }

        @Override
        public String toString() {
            return "Event[" + jobId + " " + status + " " + step + "/" + steps
                    + (preview == null ? "" : " preview " + preview.length + " bytes") + "]";
        }
    }
}
