package dev.atelier.inference.tiny;

import dev.atelier.inference.model.OnnxSignature;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class TinyModelGeneratorTest {

    @Test
    void writesTheDiffusersOnnxLayout(@TempDir Path dir) {
        Path model = dir.resolve("sd");
        TinyModelGenerator.writeIfMissing(model);
        for (String file : new String[]{"model_index.json", "README.txt", "scheduler/scheduler_config.json",
                "tokenizer/vocab.json", "tokenizer/merges.txt", "tokenizer/special_tokens_map.json",
                "tokenizer/tokenizer_config.json", "text_encoder/model.onnx", "unet/model.onnx",
                "vae_decoder/model.onnx", "vae_encoder/model.onnx"}) {
            assertThat(model.resolve(file)).as(file).isRegularFile();
        }
        try (Stream<Path> siblings = Files.list(dir)) {
            assertThat(siblings.toList()).containsExactly(model); // no staging folder left behind
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void modelsDeclareTheInputsAndOutputsOfTheRealExport() {
        Path model = TinyModelFolder.path();
        OnnxSignature text = OnnxSignature.read(model.resolve("text_encoder/model.onnx"));
        assertThat(text.inputs()).containsOnlyKeys("input_ids");
        assertThat(text.inputs().get("input_ids").elementType()).isEqualTo(OnnxSignature.INT32);
        assertThat(text.inputs().get("input_ids").dims()).containsExactly(-1, -1);
        assertThat(text.outputs()).containsOnlyKeys("last_hidden_state", "pooler_output");

        OnnxSignature unet = OnnxSignature.read(model.resolve("unet/model.onnx"));
        assertThat(unet.inputs()).containsOnlyKeys("sample", "timestep", "encoder_hidden_states");
        assertThat(unet.inputs().get("sample").dims()).containsExactly(-1, 4, -1, -1);
        assertThat(unet.inputs().get("timestep").elementType()).isEqualTo(OnnxSignature.FLOAT);
        assertThat(unet.inputs().get("timestep").rank()).isEqualTo(1);
        assertThat(unet.inputs().get("encoder_hidden_states").rank()).isEqualTo(3);
        assertThat(unet.outputs()).containsOnlyKeys("out_sample");

        assertThat(OnnxSignature.read(model.resolve("vae_decoder/model.onnx")).inputs()).containsOnlyKeys("latent_sample");
        assertThat(OnnxSignature.read(model.resolve("vae_decoder/model.onnx")).outputs()).containsOnlyKeys("sample");
        assertThat(OnnxSignature.read(model.resolve("vae_encoder/model.onnx")).inputs()).containsOnlyKeys("sample");
        assertThat(OnnxSignature.read(model.resolve("vae_encoder/model.onnx")).outputs()).containsOnlyKeys("latent_sample");
    }

    @Test
    void anExistingModelIsLeftAlone(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("model_index.json"), "{\"mine\": true}");
        TinyModelGenerator.writeIfMissing(dir);
        assertThat(Files.readString(dir.resolve("model_index.json"))).isEqualTo("{\"mine\": true}");
        assertThat(dir.resolve("unet")).doesNotExist();
    }

    @Test
    void theSameBytesAreWrittenEveryTime(@TempDir Path dir) throws IOException {
        TinyModelGenerator.writeIfMissing(dir.resolve("one"));
        TinyModelGenerator.writeIfMissing(dir.resolve("two"));
        for (String file : new String[]{"unet/model.onnx", "text_encoder/model.onnx", "tokenizer/vocab.json"}) {
            assertThat(Files.readAllBytes(dir.resolve("one").resolve(file)))
                    .isEqualTo(Files.readAllBytes(dir.resolve("two").resolve(file)));
        }
    }

    @Test
    void theWholeModelIsSmall() throws IOException {
        long bytes;
        try (Stream<Path> walk = Files.walk(TinyModelFolder.path())) {
            bytes = walk.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
        assertThat(bytes).isLessThan(2_000_000L);
    }

    @Test
    void writesAnInpaintingModelWhoseUNetTakesNineChannels() {
        Path model = TinyModelFolder.inpaintPath();
        OnnxSignature unet = OnnxSignature.read(model.resolve("unet/model.onnx"));
        assertThat(unet.inputs()).containsOnlyKeys("sample", "timestep", "encoder_hidden_states");
        assertThat(unet.inputs().get("sample").dims()).containsExactly(-1, 9, -1, -1);
        assertThat(unet.outputs().get("out_sample").dims()).containsExactly(-1, 4, -1, -1);
        assertThat(model.resolve("vae_encoder/model.onnx")).isRegularFile();
        assertThat(model.resolve("model_index.json")).content().contains("OnnxStableDiffusionInpaintPipeline");
    }
}
