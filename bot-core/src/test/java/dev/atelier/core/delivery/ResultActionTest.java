package dev.atelier.core.delivery;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ResultActionTest {

    @Test
    void aButtonReadsBackAsTheActionResultAndImageItWasMadeFor() {
        for (ResultAction a : ResultAction.values()) {
            assertThat(ResultAction.parse(a.data("k3y", 2))).contains(new ResultAction.Press(a, "k3y", 2));
        }
    }

    @Test
    void buttonsOfOtherBotsOrOlderVersionsAreNotOurs() {
        assertThat(ResultAction.parse(null)).isEmpty();
        assertThat(ResultAction.parse("x:k3y:0")).isEmpty();
        assertThat(ResultAction.parse("r::0")).isEmpty();
        assertThat(ResultAction.parse("r:k3y:one")).isEmpty();
        assertThat(ResultAction.parse("r:k3y:0:extra")).isEmpty();
    }

    @Test
    void twoPressesOfTheSameButtonOnOneResultHaveOneTarget() {
        var first = ResultAction.parse("r:k3y:0").orElseThrow();
        var second = ResultAction.parse("r:k3y:1").orElseThrow();
        assertThat(first.target()).isEqualTo(second.target()).isNotEqualTo(ResultAction.parse("v:k3y:0").orElseThrow().target());
    }

    @Test
    void aButtonIdStaysWellInsideEveryPlatformsLimit() {
        // Telegram allows 64 bytes of callback data, Discord 100 characters of custom id.
        assertThat(ResultAction.ZOOM_OUT.data("0123456789abcdef", 9).getBytes(java.nio.charset.StandardCharsets.UTF_8)).hasSizeLessThan(64);
    }
}
