package dev.atelier.core.turn;

import dev.atelier.core.image.Direction;
import dev.atelier.core.image.GenerationSettings;
import dev.atelier.core.image.Task;
import dev.atelier.core.task.TaskRouter;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TurnRequestSettingsTest {

    private final TurnRequest requests = new TurnRequest(TurnLimits.defaults(), new TaskRouter());

    private TurnRequest.Checked checked(Integer width, Integer height) {
        return requests.check(new Inbound("web", "chat", "user", null, null, null, "make it night", null, null,
                new Inbound.Options(width, height, null, null, 1L, null, null), null, null, null));
    }

    private static TaskRouter.Route route(Task task) {
        return new TaskRouter.Route(task, task == Task.OUTPAINT ? Direction.RIGHT : null,
                task == Task.OUTPAINT ? 0.5 : 0, "test");
    }

    @Test
    void anEditASimilarImageAndAnInpaintingTakeTheSourcesSize() {
        for (Task task : new Task[]{Task.EDIT, Task.SIMILAR, Task.INPAINT}) {
            GenerationSettings s = requests.settingsFor(checked(null, null), route(task), 300, 200);
            assertThat(s.width()).as(task.wireName()).isEqualTo(300);
            assertThat(s.height()).as(task.wireName()).isEqualTo(200);
        }
    }

    @Test
    void anOutpaintingTakesTheGrownCanvasSize() {
        GenerationSettings s = requests.settingsFor(checked(null, null), route(Task.OUTPAINT), 256, 256);
        assertThat(s.width()).isEqualTo(384);
        assertThat(s.height()).isEqualTo(256);
    }

    @Test
    void aSizeTheUserGaveWinsAndAGenerationKeepsTheDefault() {
        GenerationSettings asked = requests.settingsFor(checked(128, 64), route(Task.EDIT), 300, 200);
        assertThat(asked.width()).isEqualTo(128);
        assertThat(asked.height()).isEqualTo(64);
        GenerationSettings generated = requests.settingsFor(checked(null, null), route(Task.GENERATE), 300, 200);
        assertThat(generated.width()).isEqualTo(512);
    }

    @Test
    void aSourceOverTheSizeLimitIsScaledDownKeepingItsAspect() {
        GenerationSettings s = requests.settingsFor(checked(null, null), route(Task.EDIT), 4096, 2048);
        assertThat(s.width()).isEqualTo(2048);
        assertThat(s.height()).isEqualTo(1024);
    }

    @Test
    void inpaintingRepaintsFullyAndOutpaintingStartsFromTheFillUnlessAStrengthWasGiven() {
        assertThat(requests.settingsFor(checked(null, null), route(Task.INPAINT), 64, 64).strength()).isEqualTo(1.0);
        assertThat(requests.settingsFor(checked(null, null), route(Task.OUTPAINT), 64, 64).strength()).isEqualTo(0.85);
        assertThat(requests.settingsFor(checked(null, null), route(Task.EDIT), 64, 64).strength()).isEqualTo(0.6);
        TurnRequest.Checked asked = requests.check(new Inbound("web", "chat", "user", null, null, null, "a cat", null, null,
                new Inbound.Options(null, null, null, null, 1L, null, 0.4), null, null, null));
        assertThat(requests.settingsFor(asked, route(Task.INPAINT), 64, 64).strength()).isEqualTo(0.4);
    }
}
