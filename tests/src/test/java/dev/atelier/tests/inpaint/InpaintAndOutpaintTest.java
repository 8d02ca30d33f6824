package dev.atelier.tests.inpaint;

import dev.atelier.tests.support.Api;
import dev.atelier.tests.support.RunningAtelier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Inpainting, outpainting, and the size of tasks that start from an image, through the HTTP API")
class InpaintAndOutpaintTest {

    private final Api api = RunningAtelier.shared().api();

    /** Texture everywhere, so a kept pixel that moved or changed shows. */
    static BufferedImage picture(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int r = x * 255 / (width - 1);
                int g = y * 255 / (height - 1);
                int b = ((x * 7 + y * 13) % 64) * 4;
                image.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        return image;
    }

    static BufferedImage maskOf(int width, int height, int x0, int y0, int x1, int y1) {
        BufferedImage mask = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = y0; y < y1; y++) for (int x = x0; x < x1; x++) mask.setRGB(x, y, 0xFFFFFF);
        return mask;
    }

    static Api.FilePart png(String name, BufferedImage image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Api.FilePart(name + ".png", "image/png", out.toByteArray());
    }

    private Map<String, Object> done(Map<String, Object> job) {
        assertThat(job.get("status")).as("job %s", job).isEqualTo("done");
        return job;
    }

    @SuppressWarnings("unchecked")
    private byte[] imageOf(Map<String, Object> job) {
        List<String> images = (List<String>) job.get("images");
        assertThat(images).hasSize(1);
        return api.get(images.getFirst()).body();
    }

    private static BufferedImage decode(byte[] png) {
        try {
            return ImageIO.read(new ByteArrayInputStream(png));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> settings(Map<String, Object> job) {
        return (Map<String, Object>) job.get("settings");
    }

    @Test
    void outpaintingRightByHalfTurnsA256x256ImageInto384x256KeepingTheOriginalOnTheLeft() {
        BufferedImage source = picture(256, 256);
        Map<String, Object> job = done(api.turn(api.createConversation(), Map.of("text", "a green forest",
                "image", png("source", source), "task", "outpaint", "direction", "right", "amount", "0.5",
                "steps", "3", "seed", "5")));

        BufferedImage out = decode(imageOf(job));
        assertThat(job.get("task")).isEqualTo("outpaint");
        assertThat(out.getWidth()).isEqualTo(384);
        assertThat(out.getHeight()).isEqualTo(256);
        for (int y = 0; y < 256; y++) {
            for (int x = 0; x < 256; x++) assertThat(out.getRGB(x, y)).as("pixel %d,%d", x, y).isEqualTo(source.getRGB(x, y));
        }
        assertThat(settings(job)).containsEntry("width", 384).containsEntry("height", 256).containsEntry("strength", 0.85);
    }

    @Test
    void zoomingOutGrowsEverySideAroundTheOriginal() {
        BufferedImage source = picture(128, 96);
        Map<String, Object> job = done(api.turn(api.createConversation(), Map.of("text", "a castle",
                "image", png("source", source), "task", "outpaint", "direction", "all", "amount", "0.5",
                "steps", "3", "seed", "6")));

        BufferedImage out = decode(imageOf(job));
        assertThat(out.getWidth()).isEqualTo(192);
        assertThat(out.getHeight()).isEqualTo(144);
        for (int y = 0; y < 96; y++) {
            for (int x = 0; x < 128; x++) assertThat(out.getRGB(x + 32, y + 24)).isEqualTo(source.getRGB(x, y));
        }
    }

    @Test
    void inpaintingKeepsEveryUnmaskedPixelIdenticalAndRepaintsTheMask() {
        BufferedImage source = picture(160, 120);
        Map<String, Object> job = done(api.turn(api.createConversation(), Map.of("text", "a red flower",
                "image", png("source", source), "mask", png("mask", maskOf(160, 120, 40, 30, 120, 90)),
                "steps", "3", "seed", "7")));

        BufferedImage out = decode(imageOf(job));
        assertThat(job.get("task")).isEqualTo("inpaint");
        assertThat(out.getWidth()).isEqualTo(160);
        assertThat(out.getHeight()).isEqualTo(120);
        int repainted = 0;
        for (int y = 0; y < 120; y++) {
            for (int x = 0; x < 160; x++) {
                boolean masked = x >= 40 && x < 120 && y >= 30 && y < 90;
                if (!masked) assertThat(out.getRGB(x, y)).as("pixel %d,%d", x, y).isEqualTo(source.getRGB(x, y));
                else if (out.getRGB(x, y) != source.getRGB(x, y)) repainted++;
            }
        }
        assertThat(repainted).isGreaterThan(80 * 60 / 2);
        assertThat(settings(job)).containsEntry("width", 160).containsEntry("height", 120).containsEntry("strength", 1.0);
    }

    @Test
    void theSameSeedGivesTheSameInpaintingByteForByte() {
        Map<String, Object> form = new HashMap<>(Map.of("text", "a red flower", "image", png("source", picture(64, 64)),
                "mask", png("mask", maskOf(64, 64, 16, 16, 48, 48)), "steps", "3", "seed", "99"));
        byte[] first = imageOf(done(api.turn(api.createConversation(), form)));
        byte[] second = imageOf(done(api.turn(api.createConversation(), form)));
        assertThat(second).isEqualTo(first);
    }

    @Test
    void anEditAndASimilarImageComeBackAtTheSizeOfTheImageSent() {
        Api.FilePart source = png("source", picture(200, 120));
        for (String task : new String[]{"edit", "similar"}) {
            Map<String, Object> job = done(api.turn(api.createConversation(), Map.of("text", "make it night",
                    "image", source, "task", task, "steps", "3", "seed", "3")));
            BufferedImage out = decode(imageOf(job));
            assertThat(job.get("task")).isEqualTo(task);
            assertThat(out.getWidth()).as(task).isEqualTo(200);
            assertThat(out.getHeight()).as(task).isEqualTo(120);
            assertThat(settings(job)).containsEntry("width", 200).containsEntry("height", 120);
        }
    }

    @Test
    void aSizeTheUserAsksForStillWinsOverTheSourcesSize() {
        Map<String, Object> job = done(api.turn(api.createConversation(), Map.of("text", "make it night",
                "image", png("source", picture(200, 120)), "task", "edit", "width", "64", "height", "64", "steps", "2")));
        BufferedImage out = decode(imageOf(job));
        assertThat(out.getWidth()).isEqualTo(64);
        assertThat(out.getHeight()).isEqualTo(64);
    }

    @Test
    void extendItToTheRightAfterAGeneratedImageOutpaintsThatImage() {
        // GIVEN a conversation with a generated 128x128 picture
        String conversation = api.createConversation();
        Map<String, Object> first = done(api.turn(conversation, Map.of("text", "a lighthouse on a cliff",
                "width", "128", "height", "128", "steps", "3", "seed", "1")));
        BufferedImage before = decode(imageOf(first));

        // WHEN the user says "extend it to the right", with no task, direction or size
        Map<String, Object> second = done(api.turn(conversation, Map.of("text", "extend it to the right",
                "steps", "3", "seed", "2")));

        // THEN it is an outpainting to the right by the default half, with the picture kept on the left
        assertThat(second.get("task")).isEqualTo("outpaint");
        BufferedImage after = decode(imageOf(second));
        assertThat(after.getWidth()).isEqualTo(192);
        assertThat(after.getHeight()).isEqualTo(128);
        for (int y = 0; y < 128; y++) {
            for (int x = 0; x < 128; x++) assertThat(after.getRGB(x, y)).isEqualTo(before.getRGB(x, y));
        }
    }
}
