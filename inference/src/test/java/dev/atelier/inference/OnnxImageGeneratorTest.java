package dev.atelier.inference;

import dev.atelier.core.image.Direction;
import dev.atelier.core.image.GeneratedImage;
import dev.atelier.core.image.GenerationSettings;
import dev.atelier.core.image.ImageGenerator;
import dev.atelier.core.image.ImageRequest;
import dev.atelier.core.image.Task;
import dev.atelier.inference.tiny.TinyModelFolder;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OnnxImageGeneratorTest {

    private static OnnxImageGenerator generator;

    @BeforeAll
    static void load() {
        generator = new OnnxImageGenerator(TinyModelFolder.path(), 2);
    }

    @AfterAll
    static void close() {
        generator.close();
    }

    private static GenerationSettings settings(int size, int steps, long seed) {
        return new GenerationSettings(size, size, steps, 7.5, seed, "", 0.75);
    }

    @Test
    void isReadyOnceLoaded() {
        assertThat(generator.ready()).isTrue();
    }

    @Test
    void generateMakesAnImage() {
        GeneratedImage image = generator.generate(ImageRequest.generate("a cat", settings(64, 3, 1)), null, null);
        assertThat(image.width()).isEqualTo(64);
        assertThat(image.png()).startsWith(0x89, 'P', 'N', 'G');
    }

    @Test
    void similarWithoutASourceIsTextToImageAndWithOneIsImageToImage() throws Exception {
        ImageRequest text = new ImageRequest(Task.SIMILAR, "a cat", settings(64, 3, 1), null, null, null, 0);
        assertThat(generator.generate(text, null, null).png())
                .isEqualTo(generator.generate(ImageRequest.generate("a cat", settings(64, 3, 1)), null, null).png());
        byte[] source = generator.generate(ImageRequest.generate("a dog", settings(64, 3, 2)), null, null).png();
        ImageRequest withSource = new ImageRequest(Task.SIMILAR, "a cat", settings(64, 4, 1), source, null, null, 0);
        assertThat(generator.generate(withSource, null, null).width()).isEqualTo(64);
    }

    @Test
    void withoutAnInpaintingModelOutpaintingBlendsOnTheTextToImageModel() {
        byte[] source = generator.generate(ImageRequest.generate("a red house", settings(64, 3, 3)), null, null).png();
        GenerationSettings grown = new GenerationSettings(96, 64, 3, 7.5, 4, "", 0.6);
        GeneratedImage out = generator.generate(
                new ImageRequest(Task.OUTPAINT, "a red house", grown, source, null, Direction.RIGHT, 0.5), null, null);
        assertThat(out.width()).isEqualTo(96);
        assertThat(generator.loadedModels()).containsExactly(TinyModelFolder.path().getFileName().toString());
    }

    @Test
    void withAnInpaintingModelOutpaintingGrowsTheCanvasAndTextToImageStillRuns() throws Exception {
        try (OnnxImageGenerator both = new OnnxImageGenerator(TinyModelFolder.path(), TinyModelFolder.inpaintPath(), 2, null)) {
            byte[] source = both.generate(ImageRequest.generate("a red house", settings(64, 3, 3)), null, null).png();
            GenerationSettings grown = new GenerationSettings(96, 64, 3, 7.5, 4, "", 0.6);
            GeneratedImage out = both.generate(
                    new ImageRequest(Task.OUTPAINT, "a red house", grown, source, null, Direction.RIGHT, 0.5), null, null);
            assertThat(out.width()).isEqualTo(96);
            assertThat(out.height()).isEqualTo(64);
        }
    }

    @Test
    void aTextToImageFolderIsRefusedAsTheInpaintingModel() {
        assertThatThrownBy(() -> new OnnxImageGenerator(TinyModelFolder.path(), TinyModelFolder.path(), 1, null))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("not an inpainting model");
    }

    @Test
    void anEditWithoutASourceImageIsRefused() {
        ImageRequest edit = new ImageRequest(Task.EDIT, "make it night", settings(64, 3, 1), null, null, null, 0);
        assertThatThrownBy(() -> generator.generate(edit, null, null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void concurrentRequestsGiveTheSameImagesAsOneAfterAnother() throws Exception {
        ImageRequest a = ImageRequest.generate("a cat", settings(64, 4, 21));
        ImageRequest b = ImageRequest.generate("a dragon in space", settings(64, 4, 22));
        byte[] expectedA = generator.generate(a, null, null).png();
        byte[] expectedB = generator.generate(b, null, null).png();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<byte[]> fa = pool.submit(() -> generator.generate(a, null, null).png());
            Future<byte[]> fb = pool.submit(() -> generator.generate(b, null, null).png());
            assertThat(fa.get()).isEqualTo(expectedA);
            assertThat(fb.get()).isEqualTo(expectedB);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void sameSeedGivesByteIdenticalPngAcrossTwoGenerators() {
        ImageRequest r = ImageRequest.generate("a blue lake", settings(64, 5, 77));
        try (OnnxImageGenerator other = new OnnxImageGenerator(TinyModelFolder.path(), 2)) {
            assertThat(other.generate(r, null, null).png()).isEqualTo(generator.generate(r, null, null).png());
        }
    }

    @Test
    void aClosedGeneratorIsNotReady() {
        OnnxImageGenerator other = new OnnxImageGenerator(TinyModelFolder.path(), 1);
        other.close();
        assertThat(other.ready()).isFalse();
        assertThatThrownBy(() -> other.generate(ImageRequest.generate("a cat", settings(64, 2, 1)), null, null))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void a256x256TwentyStepGenerationTakesSecondsAtMost() {
        ImageRequest r = ImageRequest.generate("a beautiful landscape, oil painting", settings(256, 20, 5));
        generator.generate(r, null, null); // warm-up
        long start = System.nanoTime();
        generator.generate(r, null, null);
        long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.println("tiny model, 256x256, 20 steps, guidance 7.5: " + millis + " ms");
        assertThat(millis).isLessThan(10_000);
    }
}
