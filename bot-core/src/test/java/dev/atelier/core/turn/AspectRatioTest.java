package dev.atelier.core.turn;

import dev.atelier.core.task.TaskRouter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** "--ar 16:9", as people type it out of Midjourney habit. */
class AspectRatioTest {

    private final TurnRequest requests = new TurnRequest(TurnLimits.defaults(), new TaskRouter());

    private static Inbound text(String text) {
        return new Inbound("web", "c", "u", "u", null, null, text, null, null, Inbound.Options.NONE, null, null, null);
    }

    @ParameterizedTest(name = "{0} -> {1}x{2}")
    @CsvSource({
            "'a castle --ar 16:9', 680, 384, a castle",
            "'--ar 9:16 a lighthouse', 384, 680, a lighthouse",
            "'a fox --AR 1:1', 512, 512, a fox",
            "'a bridge --aspect 3:2 at dusk', 624, 416, a bridge at dusk",
    })
    void anAspectRatioPicksASizeOfAboutTheDefaultAreaAndLeavesThePrompt(String message, int width, int height,
                                                                     String prompt) {
        TurnRequest.Checked checked = requests.check(text(message));

        assertThat(checked.settings().width()).isEqualTo(width);
        assertThat(checked.settings().height()).isEqualTo(height);
        assertThat(checked.text()).isEqualTo(prompt);
        assertThat(checked.explicitSize()).isTrue();
    }

    @Test
    void anExplicitWidthWinsOverTheAspectRatio() {
        Inbound in = new Inbound("web", "c", "u", "u", null, null, "a castle --ar 16:9", null, null,
                new Inbound.Options(256, null, null, null, null, null, null), null, null, null);

        TurnRequest.Checked checked = requests.check(in);

        assertThat(checked.settings().width()).isEqualTo(256);
        assertThat(checked.text()).isEqualTo("a castle");
    }

    @Test
    void anExtremeAspectRatioIsRefused() {
        assertThatThrownBy(() -> requests.check(text("a banner --ar 10:1")))
                .isInstanceOf(RejectedTurnException.class).hasMessageContaining("between 1:4 and 4:1");
    }

    @Test
    void anArWithoutAPromptIsAnEmptyMessage() {
        assertThatThrownBy(() -> requests.check(text("--ar 16:9")))
                .isInstanceOf(RejectedTurnException.class).hasMessageContaining("text is empty");
    }
}
