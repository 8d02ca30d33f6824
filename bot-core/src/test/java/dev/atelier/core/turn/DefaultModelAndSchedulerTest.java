package dev.atelier.core.turn;

import dev.atelier.core.image.Direction;
import dev.atelier.core.image.GenerationSettings;
import dev.atelier.core.image.ModelCatalog;
import dev.atelier.core.image.ModelCatalog.InstalledModel;
import dev.atelier.core.image.SchedulerNames;
import dev.atelier.core.image.Task;
import dev.atelier.core.settings.UserDefaultsStore;
import dev.atelier.core.task.TaskRouter;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The default model and scheduler (the console's, else the configured ones) fill what a message leaves open. */
class DefaultModelAndSchedulerTest {

    private final List<InstalledModel> installed = new ArrayList<>(List.of(
            new InstalledModel("sd15", ModelCatalog.Kind.TEXT_TO_IMAGE),
            new InstalledModel("dreamy", ModelCatalog.Kind.TEXT_TO_IMAGE),
            new InstalledModel("sd15-inpaint", ModelCatalog.Kind.INPAINTING)));
    private final ModelCatalog catalog = () -> List.copyOf(installed);
    private static final SchedulerNames SCHEDULERS = () -> List.of("DDIM", "Euler", "Euler a");

    private TurnRequest requests(String model, String scheduler) {
        return new TurnRequest(TurnLimits.defaults(), new TaskRouter(), UserDefaultsStore.NONE, catalog, SCHEDULERS,
                new TurnRequest.Defaults(null, model, scheduler));
    }

    private static Inbound message(Inbound.Options options) {
        return new Inbound("web", "c", "u", "u", null, null, "a cat", null, null, options, null, null, null);
    }

    private static GenerationSettings settings(TurnRequest requests, Inbound.Options options, Task task) {
        TurnRequest.Checked checked = requests.check(message(options));
        return requests.settingsFor(checked, new TaskRouter.Route(task, task == Task.OUTPAINT ? Direction.RIGHT : null,
                task == Task.OUTPAINT ? 0.5 : 0, "test"), 64, 64);
    }

    @Test
    void theDefaultModelRunsWhatNamesNoModelAndTheMessagesModelWins() {
        TurnRequest requests = requests("dreamy", null);

        assertThat(settings(requests, Inbound.Options.NONE, Task.GENERATE).model()).isEqualTo("dreamy");
        assertThat(settings(requests, Inbound.Options.NONE, Task.EDIT).model()).isEqualTo("dreamy");
        assertThat(settings(requests, Inbound.Options.NONE.withModel("sd15"), Task.GENERATE).model()).isEqualTo("sd15");
        assertThat(settings(requests(null, null), Inbound.Options.NONE, Task.GENERATE).model()).isNull();
    }

    @Test
    void inAndOutpaintingKeepTheConfiguredInpaintingModel() {
        TurnRequest requests = requests("dreamy", null);

        assertThat(settings(requests, Inbound.Options.NONE, Task.INPAINT).model()).isNull();
        assertThat(settings(requests, Inbound.Options.NONE, Task.OUTPAINT).model()).isNull();
    }

    @Test
    void aDefaultModelNoLongerInstalledIsSkippedRatherThanRefusingEveryMessage() {
        TurnRequest requests = requests("dreamy", null);
        installed.removeIf(m -> m.name().equals("dreamy"));

        assertThat(settings(requests, Inbound.Options.NONE, Task.GENERATE).model()).isNull();
    }

    @Test
    void theDefaultSchedulerIsStoredWithTheJobAndTheModelsOwnIsNone() {
        assertThat(settings(requests(null, "euler a"), Inbound.Options.NONE, Task.GENERATE).scheduler()).isEqualTo("Euler a");
        assertThat(settings(requests(null, "model"), Inbound.Options.NONE, Task.INPAINT).scheduler()).isNull();
        assertThat(settings(requests(null, null), Inbound.Options.NONE, Task.GENERATE).scheduler()).isNull();
    }

    @Test
    void anUnknownDefaultSchedulerIsRefusedWithTheNames() {
        assertThatThrownBy(() -> requests(null, "Heun"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the default scheduler 'Heun' is not one of: DDIM, Euler, Euler a, model");
    }

    @Test
    void aMessagesSchedulerWinsOverTheDefaultAndAnUnknownOneIsRefusedWithTheNames() {
        TurnRequest requests = requests(null, "DDIM");

        assertThat(settings(requests, Inbound.Options.NONE.withScheduler("EULER"), Task.GENERATE).scheduler()).isEqualTo("Euler");
        assertThat(settings(requests, Inbound.Options.NONE.withScheduler("model"), Task.GENERATE).scheduler()).isNull();
        assertThat(settings(requests, Inbound.Options.NONE.withScheduler(" "), Task.GENERATE).scheduler()).isEqualTo("DDIM");
        assertThatThrownBy(() -> requests.check(message(Inbound.Options.NONE.withScheduler("Heun"))))
                .isInstanceOf(RejectedTurnException.class)
                .hasMessage("Unknown scheduler 'Heun'. Use one of: DDIM, Euler, Euler a, model (the model's own).");
    }

    @Test
    void theCompatConstructorLeavesTheSchedulerOut() {
        Inbound.Options old = new Inbound.Options(64, 64, 2, 7.5, 1L, null, null, "anime", 2, "sd15");
        assertThat(old.scheduler()).isNull();
        assertThat(old.withSteps(3).withSeed(4L).withCount(1).withModel(null).withStyle(null)
                .withScheduler("DDIM").withSteps(5).scheduler()).isEqualTo("DDIM");
    }
}
