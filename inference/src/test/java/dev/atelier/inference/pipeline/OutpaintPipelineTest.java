package dev.atelier.inference.pipeline;

import dev.atelier.core.image.Direction;
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
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;

import static dev.atelier.inference.pipeline.InpaintPipelineTest.picture;
import static dev.atelier.inference.pipeline.InpaintPipelineTest.read;
import static org.assertj.core.api.Assertions.assertThat;

class OutpaintPipelineTest {

    private static DiffusionModel model;
    private static OutpaintPipeline pipeline;

    @BeforeAll
    static void load() {
        model = DiffusionModel.load(TinyModelFolder.inpaintPath(), new RuntimeOptions(2));
        pipeline = new OutpaintPipeline(new InpaintPipeline(model, SchedulerKind.EULER));
    }

    @AfterAll
    static void close() {
        model.close();
    }

    private static ImageRequest outpaint(byte[] source, int width, int height, Direction direction, double amount, int steps) {
        return outpaint(source, width, height, direction, amount, steps, 0.85);
    }

    private static ImageRequest outpaint(byte[] source, int width, int height, Direction direction, double amount,
                                         int steps, double strength) {
        return new ImageRequest(Task.OUTPAINT, "a green forest",
                new GenerationSettings(width, height, steps, 7.5, 5, "", strength), source, null, direction, amount);
    }

    private static GeneratedImage run(ImageRequest request) {
        return pipeline.run(request, ImageGenerator.Progress.NONE, ImageGenerator.Cancellation.NEVER);
    }

    @Test
    void outpaintingRightByHalfTurns256x256Into384x256WithTheSourceKeptOnTheLeft() {
        byte[] source = picture(256, 256);
        GeneratedImage out = run(outpaint(source, 384, 256, Direction.RIGHT, 0.5, 3));
        BufferedImage before = read(source);
        BufferedImage after = read(out.png());
        assertThat(after.getWidth()).isEqualTo(384);
        assertThat(after.getHeight()).isEqualTo(256);
        for (int y = 0; y < 256; y++) {
            for (int x = 0; x < 256; x++) assertThat(after.getRGB(x, y)).isEqualTo(before.getRGB(x, y));
        }
    }

    @Test
    void zoomingOutGrowsEverySideAndKeepsTheSourceInTheMiddle() {
        byte[] source = picture(64, 48);
        GeneratedImage out = run(outpaint(source, 96, 72, Direction.ALL, 0.5, 3));
        BufferedImage before = read(source);
        BufferedImage after = read(out.png());
        assertThat(after.getWidth()).isEqualTo(96);
        assertThat(after.getHeight()).isEqualTo(72);
        for (int y = 0; y < 48; y++) {
            for (int x = 0; x < 64; x++) assertThat(after.getRGB(x + 16, y + 12)).isEqualTo(before.getRGB(x, y));
        }
    }

    @Test
    void outpaintingUpPutsTheNewAreaAboveTheSource() {
        byte[] source = picture(64, 64);
        BufferedImage after = read(run(outpaint(source, 64, 96, Direction.UP, 0.5, 2)).png());
        BufferedImage before = read(source);
        assertThat(after.getHeight()).isEqualTo(96);
        for (int x = 0; x < 64; x++) assertThat(after.getRGB(x, 32)).isEqualTo(before.getRGB(x, 0));
    }

    @Test
    void a256x256TwentyStepOutpaintAndInpaintTakeSecondsAtMost() {
        byte[] source = picture(256, 256);
        ImageRequest outpaint = outpaint(source, 384, 256, Direction.RIGHT, 0.5, 20, 1.0); // all 20 steps run
        run(outpaint); // warm-up
        long start = System.nanoTime();
        run(outpaint);
        long outpaintMillis = (System.nanoTime() - start) / 1_000_000;
        ImageRequest inpaint = new ImageRequest(Task.INPAINT, "a green forest",
                new GenerationSettings(256, 256, 20, 7.5, 5, "", 1.0), source,
                InpaintPipelineTest.mask(256, 256, 64, 64, 192, 192), null, 0);
        start = System.nanoTime();
        new InpaintPipeline(model, SchedulerKind.EULER).run(inpaint, ImageGenerator.Progress.NONE, ImageGenerator.Cancellation.NEVER);
        long inpaintMillis = (System.nanoTime() - start) / 1_000_000;
        System.out.println("tiny inpainting model, 20 steps, guidance 7.5: inpaint 256x256 " + inpaintMillis
                + " ms, outpaint 256x256 -> 384x256 " + outpaintMillis + " ms");
        assertThat(outpaintMillis).isLessThan(20_000);
        assertThat(inpaintMillis).isLessThan(20_000);
    }

    @Test
    void progressCountsTheStepsThatRunAtTheGivenStrength() {
        int[] last = new int[2];
        pipeline.run(outpaint(picture(64, 64), 96, 64, Direction.RIGHT, 0.5, 10, 0.5),
                (step, steps) -> {
                    last[0] = step;
                    last[1] = steps;
                }, ImageGenerator.Cancellation.NEVER);
        assertThat(last).containsExactly(5, 5);
    }
}
