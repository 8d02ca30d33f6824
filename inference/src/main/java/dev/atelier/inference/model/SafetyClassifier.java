package dev.atelier.inference.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslatorContext;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * An image-safety classifier: one ONNX image-classification model, as Hugging Face exports them
 * (e.g. a ViT NSFW detector through Optimum): a float input [batch, 3, H, W] of normalised RGB,
 * and an output [batch, K] of class logits ({@code logits}) or probabilities ({@code probs}).
 * Everything that can be wrong with a model file is found by {@link #load}, at start: a missing
 * or misnamed input, the wrong rank, an output without the unsafe class; then one run on a grey
 * image proves the graph runs.
 */
public final class SafetyClassifier implements AutoCloseable {

    /**
     * @param input       the input's name ({@code pixel_values} in Hugging Face exports)
     * @param size        the side the image is resized to when the model does not fix it
     * @param unsafeIndex the class whose probability is the score
     */
    public record Spec(String input, int size, int unsafeIndex) {
        public Spec {
            if (input == null || input.isBlank()) throw new IllegalArgumentException("the classifier's input name is required");
            if (size < 8) throw new IllegalArgumentException("the classifier's image size must be at least 8; got " + size);
            if (unsafeIndex < 0) throw new IllegalArgumentException("the unsafe class index cannot be negative");
        }
    }

    private final OnnxComponent<FloatTensor, float[]> component;
    private final int width;
    private final int height;
    private final int unsafeIndex;
    private final boolean probabilities;

    private SafetyClassifier(OnnxComponent<FloatTensor, float[]> component, int width, int height, int unsafeIndex,
                             boolean probabilities) {
        this.component = component;
        this.width = width;
        this.height = height;
        this.unsafeIndex = unsafeIndex;
        this.probabilities = probabilities;
    }

    /** @param model a {@code .onnx} file, or a folder holding {@code model.onnx} */
    public static SafetyClassifier load(Path model, Spec spec, RuntimeOptions options) {
        Path file = Files.isDirectory(model) ? model.resolve("model.onnx") : model;
        if (!Files.isRegularFile(file)) throw new IllegalStateException("safety classifier: missing " + file);
        OnnxSignature signature = OnnxSignature.read(file);

        // 1. The input: named as configured, float, [batch, 3, H, W].
        OnnxSignature.TensorSpec input = signature.input(spec.input()).orElseThrow(() -> new IllegalStateException(
                "safety classifier " + file + " has no input named '" + spec.input() + "'; its inputs are "
                        + signature.inputs().keySet() + ". Set ATELIER_SAFETY_INPUT to the image input's name."));
        int type = OnnxComponent.floatInputType(signature, spec.input(), file);
        if (input.rank() != 4 || (input.dims()[1] != 3 && input.dims()[1] != -1)) {
            throw new IllegalStateException("safety classifier " + file + ": input '" + spec.input() + "' is "
                    + Arrays.toString(input.dims()) + "; an RGB image [batch, 3, height, width] was expected");
        }
        int h = input.dims()[2] > 0 ? (int) input.dims()[2] : spec.size();
        int w = input.dims()[3] > 0 ? (int) input.dims()[3] : spec.size();

        // 2. The output: probabilities when the export says so by name, else logits.
        OnnxSignature.TensorSpec output = signature.output("probs").or(() -> signature.output("probabilities"))
                .or(() -> signature.output("logits"))
                .orElseGet(() -> signature.outputs().values().stream().findFirst().orElseThrow(
                        () -> new IllegalStateException("safety classifier " + file + " has no output")));
        if (output.rank() != 2) {
            throw new IllegalStateException("safety classifier " + file + ": output '" + output.name() + "' is "
                    + Arrays.toString(output.dims()) + "; class scores [batch, classes] were expected");
        }
        long classes = output.dims()[1];
        if (classes > 0 && spec.unsafeIndex() >= classes) {
            throw new IllegalStateException("safety classifier " + file + " has " + classes
                    + " classes; the unsafe class index " + spec.unsafeIndex() + " is not one of them"
                    + " (ATELIER_SAFETY_UNSAFE_INDEX)");
        }
        boolean probabilities = output.name().toLowerCase(Locale.ROOT).startsWith("prob");

        SafetyClassifier classifier = new SafetyClassifier(OnnxComponent.loadFile(file, FloatTensor.class, float[].class,
                new Io(spec.input(), type, output.name()), signature, options), w, h, spec.unsafeIndex(), probabilities);
        // 3. One run on a grey picture: a graph that cannot run fails now, not on a user's image.
        try {
            classifier.score(new FloatTensor(new float[3 * w * h], 1, 3, h, w));
        } catch (RuntimeException e) {
            classifier.close();
            throw new IllegalStateException("safety classifier " + file + " does not run on a [1, 3, " + h + ", "
                    + w + "] image: " + e.getMessage(), e);
        }
        return classifier;
    }

    /** The width the image is resized to. */
    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** The probability of the unsafe class for one normalised image [1, 3, height, width]. */
    public double score(FloatTensor pixels) {
        if (pixels.width() != width || pixels.height() != height || pixels.channels() != 3) {
            throw new IllegalArgumentException("the classifier takes [1, 3, " + height + ", " + width + "]");
        }
        float[] out = component.predict(pixels);
        if (unsafeIndex >= out.length) {
            throw new IllegalStateException("the safety classifier gave " + out.length
                    + " classes; the unsafe class index is " + unsafeIndex);
        }
        if (probabilities) return out[unsafeIndex];
        if (out.length == 1) return 1 / (1 + Math.exp(-out[0]));
        // Softmax, shifted by the largest logit so exp cannot overflow.
        double max = Double.NEGATIVE_INFINITY;
        for (float v : out) max = Math.max(max, v);
        double sum = 0;
        for (float v : out) sum += Math.exp(v - max);
        return Math.exp(out[unsafeIndex] - max) / sum;
    }

    @Override
    public void close() {
        component.close();
    }

    private record Io(String input, int type, String output) implements NoBatchifyTranslator<FloatTensor, float[]> {
        @Override
        public NDList processInput(TranslatorContext ctx, FloatTensor in) {
            return new NDList(OnnxComponent.floats(ctx.getNDManager(), input, type, in.data(), in.shape()));
        }

        @Override
        public float[] processOutput(TranslatorContext ctx, NDList list) {
            NDArray out = OnnxComponent.output(list, output);
            return OnnxComponent.toFloats(out);
        }
    }
}
