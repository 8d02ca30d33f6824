package dev.atelier.inference.pipeline;

import dev.atelier.core.image.GeneratedImage;
import dev.atelier.core.image.GenerationSettings;
import dev.atelier.core.image.ImageGenerator;
import dev.atelier.core.image.ImageRequest;
import dev.atelier.inference.model.RuntimeOptions;
import dev.atelier.inference.scheduler.SchedulerKind;
import dev.atelier.inference.tiny.TinyModelFolder;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TextToImagePipelineTest {

    private static DiffusionModel model;
    private static TextToImagePipeline pipeline;

    @BeforeAll
    static void load() {
        model = DiffusionModel.load(TinyModelFolder.path(), new RuntimeOptions(2));
        pipeline = new TextToImagePipeline(model, SchedulerKind.EULER);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    static ImageRequest request(String prompt, int width, int height, int steps, double guidance, long seed) {
        return ImageRequest.generate(prompt, new GenerationSettings(width, height, steps, guidance, seed, "", 0.75));
    }

    static BufferedImage decode(byte[] png) throws Exception {
        return ImageIO.read(new ByteArrayInputStream(png));
    }

    @Test
    void producesAPngOfTheRequestedSize() throws Exception {
        GeneratedImage image = pipeline.run(request("a cat", 96, 64, 4, 7.5, 1),
                ImageGenerator.Progress.NONE, ImageGenerator.Cancellation.NEVER);
        BufferedImage png = decode(image.png());
        assertThat(png.getWidth()).isEqualTo(96);
        assertThat(png.getHeight()).isEqualTo(64);
        assertThat(image.width()).isEqualTo(96);
        assertThat(image.height()).isEqualTo(64);
        assertThat(image.seed()).isEqualTo(1);
    }

    @Test
    void sizesThatAreMultiplesOf8ButNotOf64Work() throws Exception {
        GeneratedImage image = pipeline.run(request("a cat", 72, 40, 2, 7.5, 1),
                ImageGenerator.Progress.NONE, ImageGenerator.Cancellation.NEVER);
        assertThat(decode(image.png()).getWidth()).isEqualTo(72);
        assertThat(decode(image.png()).getHeight()).isEqualTo(40);
    }

    @Test
    void theImageIsNotFlat() throws Exception {
        BufferedImage png = decode(pipeline.run(request("a red sunset over the sea", 128, 128, 10, 7.5, 7),
                ImageGenerator.Progress.NONE, ImageGenerator.Cancellation.NEVER).png());
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < 128; y += 4) for (int x = 0; x < 128; x += 4) colours.add(png.getRGB(x, y));
        assertThat(colours.size()).isGreaterThan(20);
    }

    @Test
    void sameSeedGivesByteIdenticalPngAcrossSeparatelyLoadedModels() {
        ImageRequest r = request("a photo of a dog in the snow", 64, 64, 6, 7.5, 1234);
        byte[] first = pipeline.run(r, ImageGenerator.Progress.NONE, ImageGenerator.Cancellation.NEVER).png();
        try (DiffusionModel other = DiffusionModel.load(TinyModelFolder.path(), new RuntimeOptions(2))) {
            byte[] second = new TextToImagePipeline(other, SchedulerKind.EULER)
                    .run(r, ImageGenerator.Progress.NONE, ImageGenerator.Cancellation.NEVER).png();
            assertThat(second).isEqualTo(first);
        }
    }

    @Test
    void differentSeedGivesADifferentImage() {
        byte[] a = pipeline.run(request("a cat", 64, 64, 4, 7.5, 1), ImageGenerator.Progress.NONE, ImageGenerator.Cancellation.NEVER).png();
        byte[] b = pipeline.run(request("a cat", 64, 64, 4, 7.5, 2), ImageGenerator.Progress.NONE, ImageGenerator.Cancellation.NEVER).png();
        assertThat(b).isNotEqualTo(a);
    }

    @Test
    void differentPromptsWithTheSameSeedGiveDifferentImages() throws Exception {
        BufferedImage cat = decode(pipeline.run(request("a cat", 64, 64, 8, 7.5, 5),
                ImageGenerator.Progress.NONE, ImageGenerator.Cancellation.NEVER).png());
        BufferedImage castle = decode(pipeline.run(request("a dark castle at night", 64, 64, 8, 7.5, 5),
                ImageGenerator.Progress.NONE, ImageGenerator.Cancellation.NEVER).png());
        // Not just a few bits apart: the prompt reaches the picture through cross-attention.
        assertThat(meanAbsoluteDifference(cat, castle)).isGreaterThan(2.0);
    }

    @Test
    void theNegativePromptChangesTheImage() {
        ImageRequest plain = request("a cat", 64, 64, 4, 7.5, 3);
        ImageRequest negative = new ImageRequest(plain.task(), plain.prompt(), new GenerationSettings(
                64, 64, 4, 7.5, 3, "blue water", 0.75), null, null, null, 0);
        assertThat(pipeline.run(negative, ImageGenerator.Progress.NONE, ImageGenerator.Cancellation.NEVER).png())
                .isNotEqualTo(pipeline.run(plain, ImageGenerator.Progress.NONE, ImageGenerator.Cancellation.NEVER).png());
    }

    @ParameterizedTest
    @EnumSource(SchedulerKind.class)
    void everySchedulerRunsWithAndWithoutGuidance(SchedulerKind kind) throws Exception {
        TextToImagePipeline p = new TextToImagePipeline(model, kind);
        for (double guidance : new double[]{1.0, 7.5}) {
            GeneratedImage image = p.run(request("a green forest", 64, 64, 3, guidance, 9),
                    ImageGenerator.Progress.NONE, ImageGenerator.Cancellation.NEVER);
            assertThat(decode(image.png()).getWidth()).isEqualTo(64);
        }
    }

    @Test
    void progressIsReportedAfterEveryStep() {
        List<String> seen = new ArrayList<>();
        pipeline.run(request("a cat", 64, 64, 5, 7.5, 1), (step, steps) -> seen.add(step + "/" + steps),
                ImageGenerator.Cancellation.NEVER);
        assertThat(seen).containsExactly("1/5", "2/5", "3/5", "4/5", "5/5");
    }

    @Test
    void cancellationStopsTheRunBeforeTheNextStep() {
        AtomicInteger steps = new AtomicInteger();
        assertThatThrownBy(() -> pipeline.run(request("a cat", 64, 64, 10, 7.5, 1),
                (step, n) -> steps.set(step), () -> steps.get() >= 3))
                .isInstanceOf(ImageGenerator.CancelledException.class);
        assertThat(steps.get()).isEqualTo(3);
    }

    @Test
    void sizesThatAreNotMultiplesOf8AreRefused() {
        assertThatThrownBy(() -> pipeline.run(request("a cat", 100, 64, 2, 7.5, 1),
                ImageGenerator.Progress.NONE, ImageGenerator.Cancellation.NEVER))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("multiples of 8");
    }

    static double meanAbsoluteDifference(BufferedImage a, BufferedImage b) {
        double sum = 0;
        int n = 0;
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                int p = a.getRGB(x, y);
                int q = b.getRGB(x, y);
                for (int shift = 0; shift <= 16; shift += 8) {
                    sum += Math.abs(((p >> shift) & 0xFF) - ((q >> shift) & 0xFF));
                    n++;
                }
            }
        }
        return sum / n;
    }
}
