package dev.atelier.inference.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslatorContext;

import java.nio.file.Path;

/**
 * CLIP's text transformer ({@code text_encoder/model.onnx}): token ids in, one embedding per
 * token out ({@code last_hidden_state}), which is what Stable Diffusion conditions on.
 *
 * <p>Input {@code input_ids} [batch, sequence]: int32 in diffusers' export script, int64 in
 * others; the declared type decides. Outputs {@code last_hidden_state} [batch, sequence, hidden]
 * and {@code pooler_output} [batch, hidden] (unused by SD 1.5).
 */
public final class TextEncoder implements AutoCloseable {

    static final String INPUT_IDS = "input_ids";
    static final String LAST_HIDDEN_STATE = "last_hidden_state";

    private final OnnxComponent<int[][], TextEmbedding> component;

    private TextEncoder(OnnxComponent<int[][], TextEmbedding> component) {
        this.component = component;
    }

    public static TextEncoder load(Path dir, RuntimeOptions options) {
        OnnxSignature signature = OnnxComponent.signatureOf(dir);
        var ids = signature.input(INPUT_IDS).orElseThrow(() -> new IllegalStateException(
                dir + " has no input " + INPUT_IDS + "; found " + signature.inputs().keySet()));
        boolean int64 = switch (ids.elementType()) {
            case OnnxSignature.INT32 -> false;
            case OnnxSignature.INT64 -> true;
            default -> throw new IllegalStateException(INPUT_IDS + " has unsupported ONNX type " + ids.elementType());
        };
        return new TextEncoder(OnnxComponent.load(dir, int[][].class, TextEmbedding.class,
                new Io(int64), signature, options));
    }

    /** One embedding row per prompt; every row of {@code ids} must have the same length. */
    public TextEmbedding encode(int[][] ids) {
        return component.predict(ids);
    }

    @Override
    public void close() {
        component.close();
    }

    private record Io(boolean int64) implements NoBatchifyTranslator<int[][], TextEmbedding> {

        @Override
        public NDList processInput(TranslatorContext ctx, int[][] ids) {
            NDManager manager = ctx.getNDManager();
            int batch = ids.length;
            int length = ids[0].length;
            NDArray array;
            if (int64) {
                long[] flat = new long[batch * length];
                for (int b = 0; b < batch; b++) for (int i = 0; i < length; i++) flat[b * length + i] = ids[b][i];
                array = manager.create(flat, new Shape(batch, length));
            } else {
                int[] flat = new int[batch * length];
                for (int b = 0; b < batch; b++) System.arraycopy(ids[b], 0, flat, b * length, length);
                array = manager.create(flat, new Shape(batch, length));
            }
            array.setName(INPUT_IDS);
            return new NDList(array);
        }

        @Override
        public TextEmbedding processOutput(TranslatorContext ctx, NDList list) {
            NDArray hidden = OnnxComponent.output(list, LAST_HIDDEN_STATE);
            long[] s = hidden.getShape().getShape();
            return new TextEmbedding(OnnxComponent.toFloats(hidden), (int) s[0], (int) s[1], (int) s[2]);
        }
    }
}
