package dev.atelier.inference.pipeline;

import dev.atelier.core.image.GeneratedImage;
import dev.atelier.core.image.GenerationSettings;
import dev.atelier.core.image.ImageGenerator;
import dev.atelier.core.image.ImageRequest;
import dev.atelier.core.image.Task;
import dev.atelier.inference.model.RestorationModel;
import dev.atelier.inference.model.RuntimeOptions;
import dev.atelier.inference.scheduler.SchedulerKind;
import dev.atelier.inference.tiny.TinyModelFolder;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InpaintPipelineTest {

    private static DiffusionModel model;
    private static InpaintPipeline pipeline;

    @BeforeAll
    static void load() {
        model = DiffusionModel.load(TinyModelFolder.inpaintPath(), new RuntimeOptions(2));
        pipeline = new InpaintPipeline(model, SchedulerKind.EULER);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    /** A picture with texture everywhere, so a kept pixel that moved or changed would show. */
    static byte[] picture(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int r = (x * 255 / Math.max(1, width - 1)) & 0xFF;
                int g = (y * 255 / Math.max(1, height - 1)) & 0xFF;
                int b = ((x * 7 + y * 13) % 64) * 4;
                image.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        return png(image);
    }

    /** White (repaint) inside the rectangle, black elsewhere. */
    static byte[] mask(int width, int height, int x0, int y0, int x1, int y1) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = y0; y < y1; y++) for (int x = x0; x < x1; x++) image.setRGB(x, y, 0xFFFFFF);
        return png(image);
    }

    static BufferedImage read(byte[] png) {
        try {
            return ImageIO.read(new ByteArrayInputStream(png));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] png(BufferedImage image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static ImageRequest inpaint(byte[] source, byte[] mask, int width, int height, int steps, long seed) {
        return new ImageRequest(Task.INPAINT, "a red flower",
                new GenerationSettings(width, height, steps, 7.5, seed, "", 1.0), source, mask, null, 0);
    }

    @Test
    void everyPixelOutsideTheMaskIsKeptExactlyAndTheMaskedAreaIsRepainted() {
        byte[] source = picture(64, 64);
        GeneratedImage out = pipeline.run(inpaint(source, mask(64, 64, 16, 16, 48, 40), 64, 64, 4, 7),
                ImageGenerator.Progress.NONE, ImageGenerator.Cancellation.NEVER);
        BufferedImage before = read(source);
        BufferedImage after = read(out.png());
        assertThat(after.getWidth()).isEqualTo(64);
        int changedInside = 0;
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                boolean masked = x >= 16 && x < 48 && y >= 16 && y < 40;
                if (!masked) {
                    assertThat(after.getRGB(x, y)).as("pixel %d,%d", x, y).isEqualTo(before.getRGB(x, y));
                } else if (after.getRGB(x, y) != before.getRGB(x, y)) {
                    changedInside++;
                }
            }
        }
        assertThat(changedInside).isGreaterThan(32 * 24 / 2);
    }

    @Test
    void aSourceThatIsNotWholeBlocksKeepsItsSizeAndItsPixels() {
        byte[] source = picture(70, 45);
        GeneratedImage out = pipeline.run(inpaint(source, mask(70, 45, 0, 0, 20, 45), 70, 45, 3, 3),
                ImageGenerator.Progress.NONE, ImageGenerator.Cancellation.NEVER);
        BufferedImage before = read(source);
        BufferedImage after = read(out.png());
        assertThat(after.getWidth()).isEqualTo(70);
        assertThat(after.getHeight()).isEqualTo(45);
        for (int y = 0; y < 45; y++) {
            for (int x = 20; x < 70; x++) assertThat(after.getRGB(x, y)).isEqualTo(before.getRGB(x, y));
        }
    }

    @Test
    void theSameSeedGivesTheSameBytesAndAnotherSeedAnotherPicture() {
        byte[] source = picture(64, 64);
        byte[] mask = mask(64, 64, 8, 8, 56, 56);
        byte[] first = pipeline.run(inpaint(source, mask, 64, 64, 3, 11), null0(), never()).png();
        byte[] again = pipeline.run(inpaint(source, mask, 64, 64, 3, 11), null0(), never()).png();
        byte[] other = pipeline.run(inpaint(source, mask, 64, 64, 3, 12), null0(), never()).png();
        assertThat(again).isEqualTo(first);
        assertThat(other).isNotEqualTo(first);
    }

    @Test
    void aConfiguredRestorationModelHarmonisesInsteadAndUnmaskedPixelsAreStillKept() {
        byte[] source = picture(64, 64);
        ImageRequest request = inpaint(source, mask(64, 64, 16, 16, 48, 48), 64, 64, 3, 21);
        byte[] builtIn = pipeline.run(request, null0(), never()).png();
        byte[] restored;
        try (RestorationModel restoration = RestorationModel.load(TinyModelFolder.restorationPath(), new RuntimeOptions(1))) {
            restored = new InpaintPipeline(model, SchedulerKind.EULER, restoration).run(request, null0(), never()).png();
        }
        assertThat(restored).isNotEqualTo(builtIn);
        BufferedImage before = read(source);
        BufferedImage after = read(restored);
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                if (x < 16 || x >= 48 || y < 16 || y >= 48) assertThat(after.getRGB(x, y)).isEqualTo(before.getRGB(x, y));
            }
        }
    }

    @Test
    void aMaskIsRequiredAndCancellationStopsTheRun() {
        byte[] source = picture(64, 64);
        assertThatThrownBy(() -> pipeline.run(inpaint(source, null, 64, 64, 3, 1), null0(), never()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("mask");
        assertThatThrownBy(() -> pipeline.run(inpaint(source, mask(64, 64, 0, 0, 8, 8), 64, 64, 3, 1), null0(), () -> true))
                .isInstanceOf(ImageGenerator.CancelledException.class);
    }

    private static ImageGenerator.Progress null0() {
        return ImageGenerator.Progress.NONE;
    }

    private static ImageGenerator.Cancellation never() {
        return ImageGenerator.Cancellation.NEVER;
    }
}
