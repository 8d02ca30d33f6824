package dev.atelier.inference.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslatorContext;

import java.nio.file.Path;

/**
 * The VAE decoder ({@code vae_decoder/model.onnx}): latents back to pixels, 8x larger.
 * Input {@code latent_sample} float [batch, 4, h, w]; output {@code sample} float
 * [batch, 3, 8h, 8w], roughly in [-1, 1].
 */
public final class VaeDecoder implements AutoCloseable {

    /**
     * SD 1.x's VAE latents were scaled by this to unit variance for training the UNet; latents
     * are divided by it before decoding.
     */
    public static final float SD_LATENT_SCALE = 0.18215f;

    static final String LATENT_SAMPLE = "latent_sample";
    static final String SAMPLE = "sample";

    private final OnnxComponent<FloatTensor, FloatTensor> component;

    private VaeDecoder(OnnxComponent<FloatTensor, FloatTensor> component) {
        this.component = component;
    }

    public static VaeDecoder load(Path dir, RuntimeOptions options) {
        OnnxSignature signature = OnnxComponent.signatureOf(dir);
        int inputType = OnnxComponent.floatInputType(signature, LATENT_SAMPLE, dir);
        return new VaeDecoder(OnnxComponent.load(dir, FloatTensor.class, FloatTensor.class,
                new Io(inputType), signature, options));
    }

    /** Pixels in about [-1, 1] for latents that are already divided by {@link #SD_LATENT_SCALE}. */
    public FloatTensor decode(FloatTensor latents) {
        return component.predict(latents);
    }

    @Override
    public void close() {
        component.close();
    }

    private record Io(int inputType) implements NoBatchifyTranslator<FloatTensor, FloatTensor> {
        @Override
        public NDList processInput(TranslatorContext ctx, FloatTensor in) {
            return new NDList(OnnxComponent.floats(ctx.getNDManager(), LATENT_SAMPLE, inputType, in.data(), in.shape()));
        }

        @Override
        public FloatTensor processOutput(TranslatorContext ctx, NDList list) {
            NDArray out = OnnxComponent.output(list, SAMPLE);
            return OnnxComponent.toImageTensor(out);
        }
    }
}
