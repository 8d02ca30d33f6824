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
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ImageToImagePipelineTest {

    private static DiffusionModel model;
    private static ImageToImagePipeline pipeline;

    @BeforeAll
    static void load() {
        model = DiffusionModel.load(TinyModelFolder.path(), new RuntimeOptions(2));
        pipeline = new ImageToImagePipeline(model, SchedulerKind.DDIM);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    static byte[] png(int width, int height, Color left, Color right) throws Exception {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(left);
        g.fillRect(0, 0, width / 2, height);
        g.setColor(right);
        g.fillRect(width / 2, 0, width - width / 2, height);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    static ImageRequest edit(byte[] source, double strength, int steps, long seed) {
        return new ImageRequest(Task.EDIT, "make it night", new GenerationSettings(64, 64, steps, 7.5, seed, "", strength),
                source, null, null, 0);
    }

    @Test
    void theSourceIsResizedToTheRequestedSize() throws Exception {
        GeneratedImage image = pipeline.run(edit(png(100, 30, Color.RED, Color.BLUE), 0.6, 5, 1),
                ImageGenerator.Progress.NONE, ImageGenerator.Cancellation.NEVER);
        BufferedImage out = ImageIO.read(new java.io.ByteArrayInputStream(image.png()));
        assertThat(out.getWidth()).isEqualTo(64);
        assertThat(out.getHeight()).isEqualTo(64);
    }

    @Test
    void strengthPicksHowManyStepsRun() throws Exception {
        List<Integer> steps = new ArrayList<>();
        pipeline.run(edit(png(64, 64, Color.RED, Color.BLUE), 0.5, 10, 1), (s, n) -> steps.add(n),
                ImageGenerator.Cancellation.NEVER);
        assertThat(steps).hasSize(5).allMatch(n -> n == 5);
    }

    @Test
    void theSourceImageShapesTheResult() throws Exception {
        byte[] a = pipeline.run(edit(png(64, 64, Color.RED, Color.BLUE), 0.5, 6, 1),
                ImageGenerator.Progress.NONE, ImageGenerator.Cancellation.NEVER).png();
        byte[] b = pipeline.run(edit(png(64, 64, Color.YELLOW, Color.GREEN), 0.5, 6, 1),
                ImageGenerator.Progress.NONE, ImageGenerator.Cancellation.NEVER).png();
        assertThat(b).isNotEqualTo(a);
    }

    @Test
    void sameSeedAndSourceGiveTheSamePng() throws Exception {
        byte[] source = png(64, 64, Color.RED, Color.BLUE);
        byte[] a = pipeline.run(edit(source, 0.7, 5, 11), ImageGenerator.Progress.NONE, ImageGenerator.Cancellation.NEVER).png();
        byte[] b = pipeline.run(edit(source, 0.7, 5, 11), ImageGenerator.Progress.NONE, ImageGenerator.Cancellation.NEVER).png();
        assertThat(b).isEqualTo(a);
    }
}
