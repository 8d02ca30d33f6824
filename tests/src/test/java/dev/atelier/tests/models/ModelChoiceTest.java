package dev.atelier.tests.models;

import dev.atelier.inference.OnnxImageGenerator;
import dev.atelier.inference.tiny.TinyModelGenerator;
import dev.atelier.tests.support.Api;
import dev.atelier.tests.support.RunningAtelier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("A job names one of the installed models (the model field)")
class ModelChoiceTest {

    private static RunningAtelier atelier;
    private static Api api;

    @BeforeAll
    static void start() {
        // GIVEN a second tiny text-to-image model installed beside the generated ones
        Path data = RunningAtelier.newDataDir();
        TinyModelGenerator.writeVariantIfMissing(data.resolve("models").resolve("tiny-b"), 1);
        atelier = RunningAtelier.onTestServers(Map.of(), data);
        api = atelier.api();
    }

    @AfterAll
    static void stop() {
        atelier.close();
    }

    private static Map<String, Object> turn(Map<String, ?> extra) {
        Map<String, Object> form = new HashMap<>(Map.of("text", "a castle in the mist", "width", "64", "height", "64",
                "steps", "3", "seed", "31"));
        form.putAll(extra);
        Map<String, Object> job = api.turn(api.createConversation(), form);
        assertThat(job.get("status")).as("job %s", job).isEqualTo("done");
        return job;
    }

    @SuppressWarnings("unchecked")
    private static byte[] imageOf(Map<String, Object> job) {
        return api.get(((List<String>) job.get("images")).getFirst()).body();
    }

    @Test
    @SuppressWarnings("unchecked")
    void aNamedModelMakesTheJobsPictureAndIsStoredWithIt() {
        Map<String, Object> byDefault = turn(Map.of());
        Map<String, Object> byB = turn(Map.of("model", "tiny-b"));
        Map<String, Object> byBAgain = turn(Map.of("model", "tiny-b"));

        assertThat(imageOf(byB)).isNotEqualTo(imageOf(byDefault)).isEqualTo(imageOf(byBAgain));
        assertThat(((Map<String, Object>) byB.get("settings")).get("model")).isEqualTo("tiny-b");
        assertThat(((Map<String, Object>) byDefault.get("settings")).get("model")).isNull();
        assertThat(atelier.context().getBean(OnnxImageGenerator.class).loadedModels())
                .as("one loaded copy each").containsOnlyOnce("tiny-b");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theApiListsTheModelsAMessageMayName() {
        Map<String, Object> listed = api.get("/api/models").json();

        assertThat((List<Map<String, Object>>) listed.get("models")).containsExactly(
                Map.of("name", "tiny-b", "kind", "text-to-image"),
                Map.of("name", "tiny-sd-inpaint", "kind", "inpainting"));
    }

    @Test
    void anUnknownModelIsRefusedWithTheInstalledOnes() {
        Api.Reply reply = api.postMessage(api.createConversation(), Map.of("text", "a cat", "model", "sd-xl"));

        assertThat(reply.status()).as(reply.text()).isEqualTo(400);
        assertThat((String) reply.json().get("detail"))
                .isEqualTo("Unknown model 'sd-xl'. Installed: tiny-b, tiny-sd-inpaint.");
    }

    @Test
    void anInpaintingModelIsRefusedForTextToImage() {
        Api.Reply reply = api.postMessage(api.createConversation(), Map.of("text", "a cat", "model", "tiny-sd-inpaint"));

        assertThat(reply.status()).as(reply.text()).isEqualTo(400);
        assertThat((String) reply.json().get("detail")).contains("inpainting model");
    }

    @Test
    void inpaintingOnANamedTextToImageModelKeepsEveryUnmaskedPixel() throws IOException {
        BufferedImage source = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 64; y++) for (int x = 0; x < 64; x++) source.setRGB(x, y, (x * 4 << 16) | (y * 4 << 8) | 90);
        BufferedImage mask = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
        for (int y = 16; y < 48; y++) for (int x = 16; x < 48; x++) mask.setRGB(x, y, 0xFFFFFF);

        Map<String, Object> job = turn(Map.of("text", "a red door", "task", "inpaint", "model", "tiny-b",
                "image", png("image", source), "mask", png("mask", mask)));

        BufferedImage out = ImageIO.read(new ByteArrayInputStream(imageOf(job)));
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                if (x < 16 || x >= 48 || y < 16 || y >= 48) {
                    assertThat(out.getRGB(x, y)).as("pixel %d,%d", x, y).isEqualTo(source.getRGB(x, y));
                }
            }
        }
    }

    private static Api.FilePart png(String name, BufferedImage image) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return new Api.FilePart(name + ".png", "image/png", out.toByteArray());
    }
}
