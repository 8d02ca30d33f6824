package dev.atelier.inference.pipeline;

import dev.atelier.core.image.GeneratedImage;
import dev.atelier.core.image.GenerationSettings;
import dev.atelier.core.image.ImageGenerator;
import dev.atelier.core.image.ImageRequest;
import dev.atelier.core.image.Task;
import dev.atelier.inference.model.RuntimeOptions;
import dev.atelier.inference.scheduler.SchedulerKind;
import dev.atelier.inference.tiny.TinyModelFolder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;

import static dev.atelier.inference.pipeline.InpaintPipelineTest.mask;
import static dev.atelier.inference.pipeline.InpaintPipelineTest.picture;
import static dev.atelier.inference.pipeline.InpaintPipelineTest.read;
import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Inpainting on a text-to-image model (no inpainting model): latent blending")
class BlendedInpaintTest {

    private static DiffusionModel model;
    private static InpaintPipeline pipeline;

    @BeforeAll
    static void load() {
        model = DiffusionModel.load(TinyModelFolder.path(), new RuntimeOptions(2));
        pipeline = new InpaintPipeline(model, SchedulerKind.EULER);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    private static ImageRequest inpaint(byte[] source, byte[] mask, long seed) {
        return new ImageRequest(Task.INPAINT, "a red flower",
                new GenerationSettings(64, 64, 4, 7.5, seed, "", 1.0), source, mask, null, 0);
    }

    @Test
    void keepsEveryPixelOutsideTheMaskRepaintsTheInsideAndIsReproducible() {
        assertThat(pipeline.blendsLatents()).isTrue();
        byte[] source = picture(64, 64);
        byte[] mask = mask(64, 64, 16, 16, 48, 40);

        GeneratedImage out = pipeline.run(inpaint(source, mask, 5), ImageGenerator.Progress.NONE,
                ImageGenerator.Cancellation.NEVER);

        BufferedImage before = read(source);
        BufferedImage after = read(out.png());
        int changedInside = 0;
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                boolean masked = x >= 16 && x < 48 && y >= 16 && y < 40;
                if (!masked) assertThat(after.getRGB(x, y)).as("pixel %d,%d", x, y).isEqualTo(before.getRGB(x, y));
                else if (after.getRGB(x, y) != before.getRGB(x, y)) changedInside++;
            }
        }
        assertThat(changedInside).isGreaterThan(32 * 24 / 2);
        assertThat(pipeline.run(inpaint(source, mask, 5), ImageGenerator.Progress.NONE,
                ImageGenerator.Cancellation.NEVER).png()).isEqualTo(out.png());
    }

    @Test
    void anInpaintingModelDoesNotBlend() {
        try (DiffusionModel inpainting = DiffusionModel.load(TinyModelFolder.inpaintPath(), new RuntimeOptions(1))) {
            assertThat(new InpaintPipeline(inpainting, SchedulerKind.EULER).blendsLatents()).isFalse();
        }
    }
}
