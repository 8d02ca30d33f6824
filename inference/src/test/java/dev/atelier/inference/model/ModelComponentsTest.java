package dev.atelier.inference.model;

import dev.atelier.inference.tiny.TinyModelFolder;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/** Each ONNX model class on the tiny export: the shapes SD 1.5's pipeline relies on. */
class ModelComponentsTest {

    private static final RuntimeOptions OPTIONS = new RuntimeOptions(1);
    private static TextEncoder textEncoder;
    private static UNet unet;
    private static VaeDecoder decoder;
    private static VaeEncoder encoder;

    @BeforeAll
    static void load() {
        Path dir = TinyModelFolder.path();
        textEncoder = TextEncoder.load(dir.resolve("text_encoder"), OPTIONS);
        unet = UNet.load(dir.resolve("unet"), OPTIONS);
        decoder = VaeDecoder.load(dir.resolve("vae_decoder"), OPTIONS);
        encoder = VaeEncoder.load(dir.resolve("vae_encoder"), OPTIONS);
    }

    @AfterAll
    static void close() {
        textEncoder.close();
        unet.close();
        decoder.close();
        encoder.close();
    }

    /** A row of 77 ids below 512, which every CLIP-style vocabulary has (the byte symbols). */
    private static int[] ids(int... prompt) {
        int[] row = new int[77];
        Arrays.fill(row, 400);
        System.arraycopy(prompt, 0, row, 0, prompt.length);
        return row;
    }

    @Test
    void textEncoderGivesOneEmbeddingPerTokenPerPrompt() {
        TextEmbedding e = textEncoder.encode(new int[][]{ids(399, 300, 400), ids(399, 301, 302, 400)});
        assertThat(e.batch()).isEqualTo(2);
        assertThat(e.tokens()).isEqualTo(77);
        assertThat(e.hidden()).isGreaterThan(0);
        float[] first = Arrays.copyOfRange(e.data(), 0, 77 * e.hidden());
        float[] second = Arrays.copyOfRange(e.data(), 77 * e.hidden(), 2 * 77 * e.hidden());
        assertThat(first).isNotEqualTo(second);
    }

    @Test
    void unetPredictsNoiseShapedLikeItsSample() {
        TextEmbedding context = textEncoder.encode(new int[][]{ids(399, 300, 400), ids(399, 301, 400)});
        float[] latents = new float[2 * 4 * 5 * 7];
        Arrays.fill(latents, 0.5f);
        FloatTensor noise = unet.predictNoise(new UNet.Input(new FloatTensor(latents, 2, 4, 5, 7), 951, context));
        assertThat(noise.shape()).containsExactly(2, 4, 5, 7);
    }

    @Test
    void vaeDecoderScalesUpByEightAndEncoderDownByEight() {
        FloatTensor pixels = decoder.decode(new FloatTensor(new float[4 * 3 * 5], 1, 4, 3, 5));
        assertThat(pixels.shape()).containsExactly(1, 3, 24, 40);
        FloatTensor latents = encoder.encode(pixels);
        assertThat(latents.shape()).containsExactly(1, 4, 3, 5);
    }
}
