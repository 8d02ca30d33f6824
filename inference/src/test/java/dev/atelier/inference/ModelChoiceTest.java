package dev.atelier.inference;

import dev.atelier.core.image.GenerationSettings;
import dev.atelier.core.image.ImageGenerator;
import dev.atelier.core.image.ImageRequest;
import dev.atelier.core.image.ModelCatalog;
import dev.atelier.core.image.Task;
import dev.atelier.inference.model.RuntimeOptions;
import dev.atelier.inference.store.InstalledModels;
import dev.atelier.inference.tiny.TinyModelGenerator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("Several models side by side, chosen per job")
class ModelChoiceTest {

    @TempDir
    static Path models;
    private static OnnxImageGenerator generator;

    @BeforeAll
    static void install() {
        TinyModelGenerator.writeIfMissing(models.resolve("tiny-a"));
        TinyModelGenerator.writeVariantIfMissing(models.resolve("tiny-b"), 1);
        TinyModelGenerator.writeInpaintIfMissing(models.resolve("tiny-paint"));
        generator = new OnnxImageGenerator(new OnnxImageGenerator.Setup(models.resolve("tiny-a"), null, models, null,
                new RuntimeOptions(1), null));
    }

    @AfterAll
    static void close() {
        generator.close();
    }

    private static ImageRequest request(Task task, String model, byte[] source, byte[] mask) {
        return new ImageRequest(task, "a red flower", new GenerationSettings(64, 64, 3, 7.5, 9, "", 1.0)
                .withModel(model), source, mask, null, 0);
    }

    @Test
    void theCatalogListsCompleteModelsWithTheirKind() throws Exception {
        Files.createDirectories(models.resolve(".partial-half"));
        Files.createDirectories(models.resolve("empty"));

        assertThat(new InstalledModels(models).installed()).containsExactly(
                new ModelCatalog.InstalledModel("tiny-a", ModelCatalog.Kind.TEXT_TO_IMAGE),
                new ModelCatalog.InstalledModel("tiny-b", ModelCatalog.Kind.TEXT_TO_IMAGE),
                new ModelCatalog.InstalledModel("tiny-paint", ModelCatalog.Kind.INPAINTING));
    }

    @Test
    void aNamedModelMakesItsOwnPicturesAndIsLoadedOnceForAllJobs() throws Exception {
        byte[] byDefault = generator.generate(request(Task.GENERATE, null, null, null), null, null).png();
        byte[] byA = generator.generate(request(Task.GENERATE, "tiny-a", null, null), null, null).png();

        // Eight jobs at once name tiny-b: one load, one answer.
        List<Future<byte[]>> jobs = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            for (int i = 0; i < 8; i++) {
                jobs.add(pool.submit(() -> generator.generate(request(Task.GENERATE, "tiny-b", null, null), null, null).png()));
            }
        }
        byte[] byB = jobs.getFirst().get();
        for (Future<byte[]> f : jobs) assertThat(f.get()).isEqualTo(byB);

        assertThat(byA).as("the default model is tiny-a").isEqualTo(byDefault);
        assertThat(byB).isNotEqualTo(byA);
        assertThat(generator.loadedModels()).containsExactlyInAnyOrder("tiny-a", "tiny-b");
    }

    @Test
    void inpaintingPicksTheNamedInpaintingModelOrBlendsOnATextToImageOne() {
        byte[] source = generator.generate(request(Task.GENERATE, null, null, null), null, null).png();
        byte[] mask = dev.atelier.inference.pipeline.Masks.rectangle(64, 64, 16, 16, 48, 48);

        byte[] painted = generator.generate(request(Task.INPAINT, "tiny-paint", source, mask), null, null).png();
        byte[] blended = generator.generate(request(Task.INPAINT, null, source, mask), null, null).png();

        assertThat(painted).isNotEqualTo(blended);
        assertThatThrownBy(() -> generator.generate(request(Task.GENERATE, "tiny-paint", null, null), null, null))
                .isInstanceOf(ImageGenerator.UnsupportedTaskException.class).hasMessageContaining("inpainting model");
    }

    @Test
    void aModelThatIsNotInstalledFailsTheJobClearly() {
        assertThatThrownBy(() -> generator.generate(request(Task.GENERATE, "sd15", null, null), null, null))
                .isInstanceOf(ImageGenerator.UnsupportedTaskException.class).hasMessageContaining("'sd15' is not installed");
        assertThatThrownBy(() -> generator.generate(request(Task.GENERATE, "../tiny-a", null, null), null, null))
                .isInstanceOf(ImageGenerator.UnsupportedTaskException.class).hasMessageContaining("not a model name");
    }

    @Test
    void pastTheLimitTheNamedModelUsedLongestAgoIsUnloadedAndComesBackWhenNamedAgain() {
        TinyModelGenerator.writeVariantIfMissing(models.resolve("tiny-c"), 2);
        try (OnnxImageGenerator small = new OnnxImageGenerator(new OnnxImageGenerator.Setup(models.resolve("tiny-a"),
                null, models, null, new RuntimeOptions(1), null, 2))) {
            byte[] b = small.generate(request(Task.GENERATE, "tiny-b", null, null), null, null).png();
            byte[] c = small.generate(request(Task.GENERATE, "tiny-c", null, null), null, null).png();

            assertThat(small.loadedModels()).containsExactlyInAnyOrder("tiny-a", "tiny-c");
            assertThat(c).isNotEqualTo(b);
            assertThat(small.generate(request(Task.GENERATE, "tiny-b", null, null), null, null).png()).isEqualTo(b);
            assertThat(small.loadedModels()).containsExactlyInAnyOrder("tiny-a", "tiny-b");
            assertThat(small.generate(request(Task.GENERATE, null, null, null), null, null).png())
                    .as("the configured model stays").isNotNull();
        }
    }
}
