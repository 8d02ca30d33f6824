package dev.atelier.inference.safety;

import dev.atelier.core.image.GeneratedImage;
import dev.atelier.inference.model.SafetyClassifier;
import dev.atelier.inference.tiny.TinyModelGenerator;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

@DisplayName("The image-safety classifier: loaded and checked at start, scoring what it is shown")
class OnnxImageSafetyTest {

    private static final float[] HALF = {0.5f, 0.5f, 0.5f};

    private static OnnxImageSafety.Preprocessing vit(String input, int unsafeIndex) {
        return new OnnxImageSafety.Preprocessing(new SafetyClassifier.Spec(input, 224, unsafeIndex), HALF, HALF);
    }

    @Test
    void aRedPictureScoresUnsafeAndAPictureWithoutRedSafe(@TempDir Path dir) {
        TinyModelGenerator.writeSafetyClassifier(dir, "pixel_values");
        try (OnnxImageSafety safety = OnnxImageSafety.load(dir, vit("pixel_values", 1), 1)) {
            assertThat(safety.score(picture(64, 64, 0xFF0000))).isGreaterThan(0.99);
            assertThat(safety.score(picture(64, 64, 0x00FFFF))).isLessThan(0.01);
            // mid-grey is (128/255 - 0.5) / 0.5, just over 0, in red: a logit near 0
            assertThat(safety.score(picture(64, 64, 0x808080))).isCloseTo(0.5, within(0.05));
        }
    }

    @Test
    void theOtherClassIsTheComplementWhenItIsNamedUnsafe(@TempDir Path dir) {
        TinyModelGenerator.writeSafetyClassifier(dir, "pixel_values");
        try (OnnxImageSafety safety = OnnxImageSafety.load(dir.resolve("model.onnx"), vit("pixel_values", 0), 1)) {
            assertThat(safety.score(picture(64, 64, 0xFF0000))).isLessThan(0.01);
        }
    }

    @Test
    void aModelWhoseInputHasAnotherNameIsRefusedWhenLoadedWithTheNameItHas(@TempDir Path dir) {
        // GIVEN a classifier exported with its input named "image"
        TinyModelGenerator.writeSafetyClassifier(dir, "image");

        // WHEN it is loaded for "pixel_values", THEN loading fails and says what it found and what to set
        assertThatThrownBy(() -> OnnxImageSafety.load(dir, vit("pixel_values", 1), 1))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no input named 'pixel_values'")
                .hasMessageContaining("[image]")
                .hasMessageContaining("ATELIER_SAFETY_INPUT");
    }

    @Test
    void anUnsafeClassTheModelDoesNotHaveIsRefusedAtLoad(@TempDir Path dir) {
        TinyModelGenerator.writeSafetyClassifier(dir, "pixel_values");
        assertThatThrownBy(() -> OnnxImageSafety.load(dir, vit("pixel_values", 5), 1))
                .hasMessageContaining("has 2 classes")
                .hasMessageContaining("ATELIER_SAFETY_UNSAFE_INDEX");
    }

    @Test
    void aMissingModelFileIsNamed(@TempDir Path dir) {
        assertThatThrownBy(() -> OnnxImageSafety.load(dir.resolve("nothing"), vit("pixel_values", 1), 1))
                .hasMessageContaining("missing").hasMessageContaining("nothing");
    }

    /** A measurement for the report, not an assertion: decode, resize, normalise and classify a 512x512 image. */
    @Test
    void printsTheTimeOfOneCheckAt512(@TempDir Path dir) {
        TinyModelGenerator.writeSafetyClassifier(dir, "pixel_values");
        GeneratedImage noise = noise(512, 512);
        try (OnnxImageSafety safety = OnnxImageSafety.load(dir, vit("pixel_values", 1), 1)) {
            for (int i = 0; i < 5; i++) safety.score(noise);
            int runs = 30;
            long started = System.nanoTime();
            for (int i = 0; i < runs; i++) safety.score(noise);
            double ms = (System.nanoTime() - started) / 1e6 / runs;
            System.out.printf("safety check of a 512x512 image (tiny classifier, 1 thread): %.2f ms per image%n", ms);
        }
    }

    static GeneratedImage picture(int w, int h, int rgb) {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) image.setRGB(x, y, rgb);
        return new GeneratedImage(png(image), w, h, 0);
    }

    private static GeneratedImage noise(int w, int h) {
        Random random = new Random(7);
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) image.setRGB(x, y, random.nextInt(0x1000000));
        return new GeneratedImage(png(image), w, h, 0);
    }

    private static byte[] png(BufferedImage image) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(image, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
