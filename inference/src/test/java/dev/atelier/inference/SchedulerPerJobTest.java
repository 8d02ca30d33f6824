package dev.atelier.inference;

import dev.atelier.core.image.GenerationSettings;
import dev.atelier.core.image.ImageRequest;
import dev.atelier.core.image.Task;
import dev.atelier.inference.scheduler.SchedulerKind;
import dev.atelier.inference.tiny.TinyModelFolder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("A job names its scheduler; the pipeline builds it for that run from the model's scheduler config")
class SchedulerPerJobTest {

    /** No configured scheduler: the tiny model's own (its config names PNDM, which Atelier lacks: Euler). */
    private static OnnxImageGenerator generator;

    @BeforeAll
    static void load() {
        generator = new OnnxImageGenerator(TinyModelFolder.path(), 1);
    }

    @AfterAll
    static void close() {
        generator.close();
    }

    private static GenerationSettings settings(SchedulerKind kind) {
        return new GenerationSettings(64, 64, 4, kind == SchedulerKind.LCM ? 1.5 : 7.5, 23, "", 0.75);
    }

    @ParameterizedTest
    @EnumSource(SchedulerKind.class)
    void aJobNamingASchedulerMakesWhatAGeneratorConfiguredWithItMakes(SchedulerKind kind) {
        byte[] named = generator.generate(ImageRequest.generate("a harbour",
                settings(kind).withScheduler(kind.displayName())), null, null).png();

        try (OnnxImageGenerator configured = new OnnxImageGenerator(TinyModelFolder.path(), 1, kind)) {
            byte[] byConfig = configured.generate(ImageRequest.generate("a harbour", settings(kind)), null, null).png();
            assertThat(named).isEqualTo(byConfig);
        }
    }

    @Test
    void theSchedulerTheJobNamesWinsOverTheConfiguredOneAndNoneKeepsIt() {
        try (OnnxImageGenerator ddim = new OnnxImageGenerator(TinyModelFolder.path(), 1, SchedulerKind.DDIM)) {
            GenerationSettings s = settings(SchedulerKind.EULER);
            byte[] ownEuler = generator.generate(ImageRequest.generate("a harbour", s), null, null).png();
            byte[] configuredDdim = ddim.generate(ImageRequest.generate("a harbour", s), null, null).png();
            byte[] namedEuler = ddim.generate(ImageRequest.generate("a harbour", s.withScheduler("euler")), null, null).png();

            assertThat(configuredDdim).isNotEqualTo(ownEuler);
            assertThat(namedEuler).as("by its enum name, any case").isEqualTo(ownEuler);
        }
    }

    @Test
    void editsAndInpaintingRunTheNamedSchedulerToo() throws IOException {
        byte[] source = png(0x3366AA);
        byte[] mask = png(0xFFFFFF);
        try (OnnxImageGenerator ddim = new OnnxImageGenerator(TinyModelFolder.path(), 1, SchedulerKind.DDIM)) {
            for (Task task : new Task[]{Task.EDIT, Task.INPAINT}) {
                GenerationSettings s = settings(SchedulerKind.DDIM);
                byte[] byConfig = ddim.generate(request(task, s, source, mask), null, null).png();
                byte[] named = generator.generate(request(task, s.withScheduler("DDIM"), source, mask), null, null).png();
                byte[] own = generator.generate(request(task, s, source, mask), null, null).png();

                assertThat(named).as(task.wireName()).isEqualTo(byConfig).isNotEqualTo(own);
            }
        }
    }

    @Test
    void anUnknownSchedulerFailsTheJobWithTheNames() {
        assertThatThrownBy(() -> generator.generate(ImageRequest.generate("a harbour",
                settings(SchedulerKind.EULER).withScheduler("Heun")), null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown scheduler 'Heun'; one of: DDIM, Euler, Euler a, DPM++ 2M, DPM++ 2M Karras, LCM");
    }

    private static ImageRequest request(Task task, GenerationSettings s, byte[] source, byte[] mask) {
        return new ImageRequest(task, "a red boat", s, source, task == Task.INPAINT ? mask : null, null, 0);
    }

    private static byte[] png(int rgb) throws IOException {
        BufferedImage image = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 64; y++) for (int x = 0; x < 64; x++) image.setRGB(x, y, x < 32 ? rgb : rgb ^ 0x202020);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }
}
