package dev.atelier.inference;

import dev.atelier.core.image.GeneratedImage;
import dev.atelier.core.image.GenerationSettings;
import dev.atelier.core.image.ImageRequest;
import dev.atelier.inference.scheduler.SchedulerKind;
import dev.atelier.inference.tiny.TinyModelFolder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import javax.imageio.ImageIO;
import java.io.ByteArrayInputStream;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Every scheduler a user can pick (ATELIER_SCHEDULER) runs the real pipeline to an image. */
class EverySchedulerTest {

    @ParameterizedTest
    @EnumSource(SchedulerKind.class)
    void eachSchedulerMakesAReproducibleImageOfTheAskedSize(SchedulerKind kind) throws Exception {
        try (OnnxImageGenerator generator = new OnnxImageGenerator(TinyModelFolder.path(), 2, kind)) {
            GenerationSettings settings = new GenerationSettings(96, 64, 4, kind == SchedulerKind.LCM ? 1.5 : 7.5, 11, "", 0.75);
            AtomicInteger steps = new AtomicInteger();

            GeneratedImage first = generator.generate(ImageRequest.generate("a lighthouse", settings),
                    (step, total) -> steps.set(total), null);
            GeneratedImage again = generator.generate(ImageRequest.generate("a lighthouse", settings), null, null);

            var decoded = ImageIO.read(new ByteArrayInputStream(first.png()));
            assertThat(decoded.getWidth()).isEqualTo(96);
            assertThat(decoded.getHeight()).isEqualTo(64);
            assertThat(steps.get()).isEqualTo(4);
            assertThat(again.png()).as("same seed, same bytes").isEqualTo(first.png());
        }
    }
}
