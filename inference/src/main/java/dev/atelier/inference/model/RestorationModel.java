package dev.atelier.inference.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslatorContext;

import java.nio.file.Path;

/**
 * An optional image restoration network for the seam after in- and outpainting, in the role of
 * LLMGA's DiffRIR ({@code model.onnx} in a folder of its own). DiffRIR has no standard ONNX
 * export, so Atelier states the contract: inputs {@code image} float [batch, 3, H, W] in
 * [-1, 1] (the composite) and {@code mask} float [batch, 1, H, W] (1 where the pixels were
 * repainted); output {@code restored} float [batch, 3, H, W] in [-1, 1]. Any network exported
 * with those names and ranks works; the pipeline still puts every kept pixel back afterwards.
 */
public final class RestorationModel implements AutoCloseable {

    static final String IMAGE = "image";
    static final String MASK = "mask";
    static final String RESTORED = "restored";

    /** One call: the composite and the repainted area. */
    public record Input(FloatTensor image, FloatTensor mask) {
        public Input {
            if (mask.channels() != 1 || mask.width() != image.width() || mask.height() != image.height()) {
                throw new IllegalArgumentException("the mask must be one channel of the image's size");
            }
        }
    }

    private final OnnxComponent<Input, FloatTensor> component;

    private RestorationModel(OnnxComponent<Input, FloatTensor> component) {
        this.component = component;
    }

    /** @param dir a folder holding {@code model.onnx} */
    public static RestorationModel load(Path dir, RuntimeOptions options) {
        OnnxSignature signature = OnnxComponent.signatureOf(dir);
        int imageType = OnnxComponent.floatInputType(signature, IMAGE, dir);
        int maskType = OnnxComponent.floatInputType(signature, MASK, dir);
        return new RestorationModel(OnnxComponent.load(dir, Input.class, FloatTensor.class,
                new Io(imageType, maskType), signature, options));
    }

    /** The restored image, in [-1, 1] give or take what the network overshoots. */
    public FloatTensor restore(Input input) {
        return component.predict(input);
    }

    @Override
    public void close() {
        component.close();
    }

    private record Io(int imageType, int maskType) implements NoBatchifyTranslator<Input, FloatTensor> {
        @Override
        public NDList processInput(TranslatorContext ctx, Input in) {
            NDManager m = ctx.getNDManager();
            return new NDList(OnnxComponent.floats(m, IMAGE, imageType, in.image().data(), in.image().shape()),
                    OnnxComponent.floats(m, MASK, maskType, in.mask().data(), in.mask().shape()));
        }

        @Override
        public FloatTensor processOutput(TranslatorContext ctx, NDList list) {
            NDArray out = OnnxComponent.output(list, RESTORED);
            return OnnxComponent.toImageTensor(out);
        }
    }
}
