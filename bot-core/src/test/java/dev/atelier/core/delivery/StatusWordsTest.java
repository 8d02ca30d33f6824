package dev.atelier.core.delivery;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StatusWordsTest {

    @Test
    void theStatusMessageCountsQueuePositionsFromOne() {
        assertThat(StatusWords.queued(0)).isEqualTo("Refining your prompt… queued, position 1");
    }

    @Test
    void theProgressBarFillsOneCellPerTenPercent() {
        assertThat(StatusWords.progress(0, 20)).isEqualTo("Painting… ░░░░░░░░░░ 0%");
        assertThat(StatusWords.progress(9, 20)).isEqualTo("Painting… ▓▓▓▓░░░░░░ 45%");
        assertThat(StatusWords.progress(20, 20)).isEqualTo("Painting… ▓▓▓▓▓▓▓▓▓▓ 100%");
    }
}
