package dev.atelier.inference.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslatorContext;

import java.nio.file.Path;

/**
 * The denoising UNet ({@code unet/model.onnx}): predicts the noise in a latent at a timestep,
 * conditioned on text embeddings. It only predicts; the pipeline owns the loop.
 *
 * <p>Inputs {@code sample} float [batch, 4, h, w], {@code timestep} and
 * {@code encoder_hidden_states} float [batch, 77, hidden]; output {@code out_sample} [batch, 4, h, w].
 * "float" is float32, or float16 in an fp16 export; the pipeline computes in float32 either way.
 * The timestep's type and rank vary between exports (float [batch] in today's diffusers script,
 * int64 [batch] in the older one and in Optimum's, a scalar in some), so the declared one is used.
 */
public final class UNet implements AutoCloseable {

    static final String SAMPLE = "sample";
    static final String TIMESTEP = "timestep";
    static final String ENCODER_HIDDEN_STATES = "encoder_hidden_states";
    static final String OUT_SAMPLE = "out_sample";

    /** One call: the latents, the timestep they are at, and one text embedding row per latent. */
    public record Input(FloatTensor sample, int timestep, TextEmbedding context) {
        public Input {
            if (sample.batch() != context.batch()) {
                throw new IllegalArgumentException("one text embedding per latent is needed");
            }
        }
    }

    private final OnnxComponent<Input, FloatTensor> component;

    private UNet(OnnxComponent<Input, FloatTensor> component) {
        this.component = component;
    }

    public static UNet load(Path dir, RuntimeOptions options) {
        OnnxSignature signature = OnnxComponent.signatureOf(dir);
        int sampleType = OnnxComponent.floatInputType(signature, SAMPLE, dir);
        int contextType = OnnxComponent.floatInputType(signature, ENCODER_HIDDEN_STATES, dir);
        var timestep = signature.input(TIMESTEP).orElseThrow(() -> new IllegalStateException(
                dir + " has no input " + TIMESTEP + "; found " + signature.inputs().keySet()));
        return new UNet(OnnxComponent.load(dir, Input.class, FloatTensor.class,
                new Io(sampleType, contextType, timestep), signature, options));
    }

    /**
     * The channels of the {@code sample} input the export declares: 4 (latents) for a
     * text-to-image UNet, 9 (latents, mask, masked-image latents) for an inpainting one; -1 when
     * the export leaves it dynamic.
     */
    public int sampleChannels() {
        return component.signature().input(SAMPLE)
                .map(spec -> spec.rank() > 1 ? (int) spec.dims()[1] : -1).orElse(-1);
    }

    /** The predicted noise, shaped like the sample. */
    public FloatTensor predictNoise(Input input) {
        return component.predict(input);
    }

    @Override
    public void close() {
        component.close();
    }

    private record Io(int sampleType, int contextType, OnnxSignature.TensorSpec timestep) implements NoBatchifyTranslator<Input, FloatTensor> {

        @Override
        public NDList processInput(TranslatorContext ctx, Input in) {
            NDManager m = ctx.getNDManager();
            FloatTensor s = in.sample();
            TextEmbedding c = in.context();
            NDArray sample = OnnxComponent.floats(m, SAMPLE, sampleType, s.data(), s.shape());
            NDArray hidden = OnnxComponent.floats(m, ENCODER_HIDDEN_STATES, contextType, c.data(),
                    c.batch(), c.tokens(), c.hidden());
            return new NDList(sample, timestepArray(m, in.timestep(), s.batch()), hidden);
        }

        /**
         * The timestep as the export declared it: a scalar, a fixed count (diffusers' own ONNX
         * pipeline feeds [1] and lets the graph broadcast it), or one per batch row.
         */
        private NDArray timestepArray(NDManager m, int t, int batch) {
            int count = timestep.rank() == 0 ? 1 : timestep.dims()[0] > 0 ? (int) timestep.dims()[0] : batch;
            Shape shape = timestep.rank() == 0 ? new Shape() : new Shape(count);
            NDArray array = switch (timestep.elementType()) {
                case OnnxSignature.INT64 -> m.create(filled(new long[count], t), shape);
                case OnnxSignature.INT32 -> m.create(filled(new int[count], t), shape);
                case OnnxSignature.DOUBLE -> m.create(filled(new double[count], t), shape);
                case OnnxSignature.FLOAT -> m.create(filled(new float[count], t), shape);
                case OnnxSignature.FLOAT16 ->
                        OnnxComponent.floats(m, TIMESTEP, OnnxSignature.FLOAT16, filled(new float[count], t), shape.getShape());
                default -> throw new IllegalStateException("timestep has unsupported ONNX type " + timestep.elementType());
            };
            array.setName(TIMESTEP);
            return array;
        }

        @Override
        public FloatTensor processOutput(TranslatorContext ctx, NDList list) {
            NDArray out = OnnxComponent.output(list, OUT_SAMPLE);
            return OnnxComponent.toImageTensor(out);
        }

        private static long[] filled(long[] a, int v) {
            java.util.Arrays.fill(a, v);
            return a;
        }

        private static int[] filled(int[] a, int v) {
            java.util.Arrays.fill(a, v);
            return a;
        }

        private static double[] filled(double[] a, int v) {
            java.util.Arrays.fill(a, v);
            return a;
        }

        private static float[] filled(float[] a, int v) {
            java.util.Arrays.fill(a, v);
            return a;
        }
    }
}
