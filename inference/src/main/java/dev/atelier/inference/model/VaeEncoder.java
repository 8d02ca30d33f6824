package dev.atelier.inference.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslatorContext;

import java.nio.file.Path;

/**
 * The VAE encoder ({@code vae_encoder/model.onnx}): pixels in [-1, 1] to latents, 8x smaller.
 * Input {@code sample} float [batch, 3, H, W]. diffusers' export script outputs
 * {@code latent_sample} [batch, 4, H/8, W/8] (a draw from the latent distribution); Optimum
 * outputs {@code latent_parameters} [batch, 8, H/8, W/8], the mean and log-variance, of which
 * we take the mean.
 */
public final class VaeEncoder implements AutoCloseable {

    static final String SAMPLE = "sample";
    static final String LATENT_SAMPLE = "latent_sample";
    static final String LATENT_PARAMETERS = "latent_parameters";
    /** Stable Diffusion's latent space has four channels; a parameters output carries twice that. */
    static final int LATENT_CHANNELS = 4;

    private final OnnxComponent<FloatTensor, FloatTensor> component;

    private VaeEncoder(OnnxComponent<FloatTensor, FloatTensor> component) {
        this.component = component;
    }

    public static VaeEncoder load(Path dir, RuntimeOptions options) {
        OnnxSignature signature = OnnxComponent.signatureOf(dir);
        int inputType = OnnxComponent.floatInputType(signature, SAMPLE, dir);
        return new VaeEncoder(OnnxComponent.load(dir, FloatTensor.class, FloatTensor.class,
                new Io(inputType), signature, options));
    }

    /** Unscaled latents (multiply by {@link VaeDecoder#SD_LATENT_SCALE} for the UNet). */
    public FloatTensor encode(FloatTensor pixels) {
        return component.predict(pixels);
    }

    @Override
    public void close() {
        component.close();
    }

    private record Io(int inputType) implements NoBatchifyTranslator<FloatTensor, FloatTensor> {
        @Override
        public NDList processInput(TranslatorContext ctx, FloatTensor in) {
            return new NDList(OnnxComponent.floats(ctx.getNDManager(), SAMPLE, inputType, in.data(), in.shape()));
        }

        @Override
        public FloatTensor processOutput(TranslatorContext ctx, NDList list) {
            NDArray out = OnnxComponent.output(list, LATENT_SAMPLE, LATENT_PARAMETERS);
            long[] s = out.getShape().getShape();
            int batch = (int) s[0];
            int channels = (int) s[1];
            int plane = (int) (s[2] * s[3]);
            float[] all = OnnxComponent.toFloats(out);
            if (channels == LATENT_CHANNELS) {
                return new FloatTensor(all, batch, channels, (int) s[2], (int) s[3]);
            }
            // Mean first, log-variance second: keep the first four channels of every batch row.
            float[] mean = new float[batch * LATENT_CHANNELS * plane];
            for (int b = 0; b < batch; b++) {
                System.arraycopy(all, b * channels * plane, mean, b * LATENT_CHANNELS * plane, LATENT_CHANNELS * plane);
            }
            return new FloatTensor(mean, batch, LATENT_CHANNELS, (int) s[2], (int) s[3]);
        }
    }
}
