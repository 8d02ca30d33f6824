package dev.atelier.core.turn;

import dev.atelier.core.image.ModelCatalog;
import dev.atelier.core.image.ModelCatalog.InstalledModel;
import dev.atelier.core.image.Task;
import dev.atelier.core.task.TaskRouter;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The count and model a message may ask for, checked before anything is stored. */
class CountAndModelTest {

    private static final ModelCatalog INSTALLED = () -> List.of(
            new InstalledModel("sd15", ModelCatalog.Kind.TEXT_TO_IMAGE),
            new InstalledModel("sd15-inpaint", ModelCatalog.Kind.INPAINTING));

    private final TurnRequest requests = new TurnRequest(TurnLimits.defaults(), new TaskRouter(), INSTALLED);

    private static Inbound message(Inbound.Options options) {
        return new Inbound("web", "c", "u", "u", null, null, "a cat", null, null, options, null, null, null);
    }

    @Test
    void aCountOfOneToFourIsKeptAndNoneIsOne() {
        assertThat(requests.check(message(Inbound.Options.NONE)).settings().count()).isEqualTo(1);
        for (int n = 1; n <= 4; n++) {
            assertThat(requests.check(message(Inbound.Options.NONE.withCount(n))).settings().count()).isEqualTo(n);
        }
    }

    @Test
    void aCountOutsideOneToFourIsRefused() {
        for (int n : new int[]{0, 5, -1}) {
            assertThatThrownBy(() -> requests.check(message(Inbound.Options.NONE.withCount(n))))
                    .isInstanceOf(RejectedTurnException.class)
                    .hasMessage("count must be between 1 and 4 (images per prompt); got " + n + ".");
        }
    }

    @Test
    void anInstalledModelIsKeptAndAnUnknownOneIsRefusedWithTheInstalledOnes() {
        assertThat(requests.check(message(Inbound.Options.NONE.withModel(" sd15 "))).settings().model()).isEqualTo("sd15");
        assertThat(requests.check(message(Inbound.Options.NONE.withModel(""))).settings().model()).isNull();
        assertThatThrownBy(() -> requests.check(message(Inbound.Options.NONE.withModel("sdxl"))))
                .isInstanceOf(RejectedTurnException.class)
                .hasMessage("Unknown model 'sdxl'. Installed: sd15, sd15-inpaint.");
        assertThatThrownBy(() -> new TurnRequest(TurnLimits.defaults(), new TaskRouter())
                .check(message(Inbound.Options.NONE.withModel("sd15"))))
                .hasMessage("Unknown model 'sd15'. Installed: (none).");
    }

    @Test
    void anInpaintingModelOnlyInpaintsAndOutpaints() {
        TurnRequest.Checked checked = requests.check(message(Inbound.Options.NONE.withModel("sd15-inpaint")));

        assertThatThrownBy(() -> requests.requireInputs(Task.GENERATE, checked, null))
                .isInstanceOf(RejectedTurnException.class).hasMessageContaining("is an inpainting model");
        requests.requireInputs(Task.OUTPAINT, checked, new int[]{64, 64});
    }

    @Test
    void theCompatConstructorsLeaveCountAndModelOut() {
        Inbound.Options old = new Inbound.Options(64, 64, 2, 7.5, 1L, null, null, "anime");
        assertThat(old.count()).isNull();
        assertThat(old.model()).isNull();
        assertThat(requests.check(message(old)).settings().count()).isEqualTo(1);
    }

    @Test
    void aModelTypedInTheTextIsTakenOutOfItAndTheFieldWins() {
        TurnRequest.Checked typed = requests.check(new Inbound("web", "c", "u", "u", null, null,
                "a castle --model sd15 at dawn", null, null, Inbound.Options.NONE, null, null, null));
        assertThat(typed.settings().model()).isEqualTo("sd15");
        assertThat(typed.text()).isEqualTo("a castle at dawn");

        TurnRequest.Checked both = requests.check(new Inbound("web", "c", "u", "u", null, null,
                "a castle --model sdxl", null, null, Inbound.Options.NONE.withModel("sd15"), null, null, null));
        assertThat(both.settings().model()).isEqualTo("sd15");
        assertThat(both.text()).isEqualTo("a castle");
    }
}
