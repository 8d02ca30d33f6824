package dev.atelier.inference.pipeline;

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

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import static dev.atelier.inference.pipeline.InpaintPipelineTest.mask;
import static dev.atelier.inference.pipeline.InpaintPipelineTest.picture;
import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Every pipeline offers a preview of the picture so far, in its shape")
class PreviewPipelinesTest {

    private static DiffusionModel model;
    private static DiffusionModel inpaintModel;

    @BeforeAll
    static void load() {
        model = DiffusionModel.load(TinyModelFolder.path(), new RuntimeOptions(2));
        inpaintModel = DiffusionModel.load(TinyModelFolder.inpaintPath(), new RuntimeOptions(2));
    }

    @AfterAll
    static void close() {
        model.close();
        inpaintModel.close();
    }

    /** Asks for a preview at every step, as a listener with previews every step would. */
    private static final class Previews implements ImageGenerator.Progress {
        final List<BufferedImage> images = new ArrayList<>();
        int steps;

        @Override
        public void step(int step, int steps) {
            this.steps = steps;
        }

        @Override
        public void step(int step, int steps, Supplier<byte[]> preview) {
            this.steps = steps;
            byte[] jpeg = preview.get();
            assertThat(jpeg).startsWith(0xFF, 0xD8); // a JPEG's SOI marker
            try {
                images.add(ImageIO.read(new ByteArrayInputStream(jpeg)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static GenerationSettings settings(int width, int height, double strength) {
        return new GenerationSettings(width, height, 4, 7.5, 3, "", strength);
    }

    private static void assertShape(Previews p, int width, int height) {
        assertThat(p.images).hasSize(p.steps).isNotEmpty();
        for (BufferedImage image : p.images) {
            assertThat(image.getWidth()).isEqualTo(width);
            assertThat(image.getHeight()).isEqualTo(height);
        }
    }

    @Test
    void textToImageImageToImageAndBothWaysOfInpainting() {
        Previews t2i = new Previews();
        new TextToImagePipeline(model, SchedulerKind.EULER).run(
                ImageRequest.generate("a red flower", settings(64, 128, 1)), t2i, ImageGenerator.Cancellation.NEVER);
        assertShape(t2i, 64, 128);

        Previews i2i = new Previews();
        new ImageToImagePipeline(model, SchedulerKind.DDIM).run(new ImageRequest(Task.EDIT, "make it night",
                settings(128, 64, 1), picture(128, 64), null, null, 0), i2i, ImageGenerator.Cancellation.NEVER);
        assertShape(i2i, 128, 64);

        // Not whole 8-pixel blocks: the preview shows the picture, not the block padding.
        for (DiffusionModel m : new DiffusionModel[]{inpaintModel, model}) {
            Previews inpaint = new Previews();
            new InpaintPipeline(m, SchedulerKind.EULER).run(new ImageRequest(Task.INPAINT, "a red flower",
                    settings(70, 45, 1), picture(70, 45), mask(70, 45, 0, 0, 30, 45), null, 0), inpaint,
                    ImageGenerator.Cancellation.NEVER);
            assertShape(inpaint, 128, 82);
        }
    }

    @Test
    void aPreviewOfLatentsThatDecodeToOneColourIsThatColour() {
        // Latents along channel 0 only: the projection's first row says red-ish grey.
        int cells = 8 * 8;
        float[] latents = new float[4 * cells];
        for (int i = 0; i < cells; i++) latents[i] = 1.5f;
        BufferedImage preview;
        try {
            preview = ImageIO.read(new ByteArrayInputStream(LatentPreview.jpeg(latents, 8, 8, 64, 64)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int rgb = preview.getRGB(64, 64);
        // 1.5 x (0.3512, 0.2297, 0.3227) in [-1, 1] -> about (195, 171, 189) in 0..255.
        assertThat((rgb >> 16) & 0xFF).isBetween(188, 202);
        assertThat((rgb >> 8) & 0xFF).isBetween(164, 178);
        assertThat(rgb & 0xFF).isBetween(182, 196);
    }
}
