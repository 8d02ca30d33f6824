package dev.atelier.inference.tiny;

import dev.atelier.core.image.GenerationSettings;
import dev.atelier.core.image.ImageRequest;
import dev.atelier.core.image.Task;
import dev.atelier.inference.OnnxImageGenerator;
import dev.atelier.inference.model.OnnxSignature;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Exports of SD 1.5 declare some inputs differently (ids int32 or int64; timestep float or
 * integer, per row, fixed at one or a scalar; the VAE encoder's mean alone or with the
 * log-variance; float32 or float16 tensors). Each variant of the tiny model must load and generate through the production
 * code, which reads the declared types instead of assuming one exporter.
 */
class ExportVariantsTest {

    static Stream<Arguments> exports() {
        return Stream.of(
                Arguments.of("diffusers script today", TinyModels.Export.DIFFUSERS),
                Arguments.of("older diffusers script", new TinyModels.Export(
                        TinyModels.INT32, TinyModels.INT64, new Object[]{"batch"}, false, false)),
                Arguments.of("optimum", new TinyModels.Export(
                        TinyModels.INT64, TinyModels.INT64, new Object[]{"batch"}, true, false)),
                Arguments.of("scalar timestep", new TinyModels.Export(
                        TinyModels.INT64, TinyModels.FLOAT, new Object[0], true, false)),
                Arguments.of("one timestep for the batch", new TinyModels.Export(
                        TinyModels.INT32, TinyModels.INT32, new Object[]{1L}, false, false)),
                Arguments.of("fp16 diffusers script", new TinyModels.Export(
                        TinyModels.INT32, TinyGraph.FLOAT16, new Object[]{"batch"}, false, true)),
                Arguments.of("fp16 optimum", new TinyModels.Export(
                        TinyModels.INT64, TinyModels.INT64, new Object[]{"batch"}, true, true)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("exports")
    void everyExportStyleGeneratesAndEdits(String name, TinyModels.Export export, @TempDir Path dir) {
        Path model = dir.resolve("model");
        TinyModelGenerator.writeIfMissing(model, export);
        OnnxSignature unet = OnnxSignature.read(model.resolve("unet/model.onnx"));
        assertThat(unet.inputs().get("timestep").elementType()).isEqualTo(export.timestepType());
        try (OnnxImageGenerator generator = new OnnxImageGenerator(model, 1)) {
            for (double guidance : new double[]{1.0, 7.5}) {
                GenerationSettings s = new GenerationSettings(64, 64, 3, guidance, 4, "", 0.6);
                byte[] png = generator.generate(ImageRequest.generate("a cat", s), null, null).png();
                assertThat(png).isNotEmpty();
                var edit = new ImageRequest(Task.EDIT, "make it night", s, png, null, null, 0);
                assertThat(generator.generate(edit, null, null).width()).isEqualTo(64);
            }
        }
    }
}
