package dev.atelier.core.job;

import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class JobPreviewsTest {

    /** The listener JobPreviews subscribes, called as the event system would. */
    private JobEvents.Listener listener;

    private final JobPreviews previews = new JobPreviews(new JobEvents() {
        @Override
        public void publish(Event event) {
            listener.on(event);
        }

        @Override
        public void subscribe(Listener l) {
            listener = l;
        }
    });

    private static JobEvents.Event running(UUID job, int step, byte[] preview) {
        return new JobEvents.Event(job, UUID.randomUUID(), JobStatus.RUNNING, step, 30, preview);
    }

    @Test
    void keepsTheLatestPreviewOfEachJobAndIgnoresEventsWithoutOne() {
        UUID job = UUID.randomUUID();
        assertThat(previews.latest(job)).isEmpty();

        listener.on(running(job, 5, new byte[]{5}));
        listener.on(running(job, 6, null));
        listener.on(running(job, 10, new byte[]{10}));

        assertThat(previews.latest(job)).get().satisfies(p -> {
            assertThat(p.jpeg()).containsExactly(10);
            assertThat(p.step()).isEqualTo(10);
        });
        assertThat(previews.latest(UUID.randomUUID())).isEmpty();
    }

    @Test
    void aLateEventForAnEarlierStepDoesNotReplaceANewerPreview() {
        UUID job = UUID.randomUUID();
        listener.on(running(job, 15, new byte[]{15}));
        listener.on(running(job, 10, new byte[]{10}));

        assertThat(previews.latest(job)).get().extracting(JobPreviews.Preview::step).isEqualTo(15);
    }

    @Test
    void keepsTheLastFiveHundredAndTwelveJobs() {
        UUID first = UUID.randomUUID();
        listener.on(running(first, 5, new byte[]{1}));
        for (int i = 0; i < JobPreviews.KEPT; i++) listener.on(running(UUID.randomUUID(), 5, new byte[]{2}));

        assertThat(previews.latest(first)).isEmpty();
    }

    @Test
    void anEventComparesItsPreviewByContent() {
        UUID job = UUID.randomUUID();
        UUID conversation = UUID.randomUUID();
        JobEvents.Event a = new JobEvents.Event(job, conversation, JobStatus.RUNNING, 5, 30, new byte[]{1, 2});
        JobEvents.Event b = new JobEvents.Event(job, conversation, JobStatus.RUNNING, 5, 30, new byte[]{1, 2});

        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a).isNotEqualTo(new JobEvents.Event(job, conversation, JobStatus.RUNNING, 5, 30));
        assertThat(new JobEvents.Event(job, conversation, JobStatus.DONE, 30, 30).preview()).isNull();
    }
}
