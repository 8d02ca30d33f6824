package dev.atelier.tests.inpaint;

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
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.atelier.tests.inpaint.InpaintAndOutpaintTest.maskOf;
import static dev.atelier.tests.inpaint.InpaintAndOutpaintTest.picture;
import static dev.atelier.tests.inpaint.InpaintAndOutpaintTest.png;
import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("With RESTORATION_MODEL set, a restoration network harmonises the seam")
class RestorationModelTest {

    private static RunningAtelier atelier;

    @BeforeAll
    static void start() {
        Path restoration = RunningAtelier.newDataDir().resolve("restoration");
        TinyModelGenerator.writeRestorationIfMissing(restoration);
        atelier = RunningAtelier.onTestServers(Map.of("atelier.restoration-model", restoration.toString()));
    }

    @AfterAll
    static void stop() {
        atelier.close();
    }

    @Test
    @SuppressWarnings("unchecked")
    void anInpaintingStillKeepsEveryUnmaskedPixel() throws Exception {
        Api api = atelier.api();
        BufferedImage source = picture(96, 64);
        Map<String, Object> job = api.turn(api.createConversation(), Map.of("text", "a red flower",
                "image", png("source", source), "mask", png("mask", maskOf(96, 64, 32, 16, 64, 48)),
                "steps", "3", "seed", "8"));

        assertThat(job.get("status")).as("job %s", job).isEqualTo("done");
        BufferedImage out = ImageIO.read(new ByteArrayInputStream(api.get(((List<String>) job.get("images")).getFirst()).body()));
        assertThat(out.getWidth()).isEqualTo(96);
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 96; x++) {
                if (x < 32 || x >= 64 || y < 16 || y >= 48) assertThat(out.getRGB(x, y)).isEqualTo(source.getRGB(x, y));
            }
        }
    }
}
