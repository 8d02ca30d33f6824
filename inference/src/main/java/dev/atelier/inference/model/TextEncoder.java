package dev.atelier.inference.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslatorContext;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * CLIP's text transformer ({@code text_encoder/model.onnx}): token ids in, one embedding per
 * token out ({@code last_hidden_state}), which is what Stable Diffusion conditions on. Prompts
 * longer than CLIP's 77 positions come in chunks and leave as one longer sequence; the UNet's
 * cross-attention takes any sequence length.
 *
 * <p>Input {@code input_ids} [batch, sequence]: int32 in diffusers' export script, int64 in
 * others; the declared type decides. Outputs {@code last_hidden_state} [batch, sequence, hidden]
 * and {@code pooler_output} [batch, hidden] (unused by SD 1.5).
 */
public final class TextEncoder implements AutoCloseable {

    static final String INPUT_IDS = "input_ids";
    static final String LAST_HIDDEN_STATE = "last_hidden_state";
    /** Ids per chunk: CLIP's 77 positions (the tokenizer's {@code MAX_LENGTH}). */
    static final int CHUNK = 77;

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

    /**
     * One embedding row per prompt. Rows of one chunk (at most {@value #CHUNK} ids) of equal
     * length run as they are. Longer rows are chunked prompts ({@code ClipTokenizer.encode}): a
     * whole number of {@value #CHUNK}-id chunks, each encoded on its own, since CLIP has only 77
     * positions, and joined along the sequence axis. A row with fewer chunks than the longest
     * (a short negative prompt beside a long prompt) is padded with empty chunks, so that the
     * guidance batch has one sequence length.
     */
    public TextEmbedding encode(int[][] ids) {
        boolean sameLength = true;
        int longest = 0;
        for (int[] row : ids) {
            sameLength &= row.length == ids[0].length;
            longest = Math.max(longest, row.length);
        }
        if (sameLength && longest <= CHUNK) return component.predict(ids);
        for (int[] row : ids) {
            if (row.length == 0 || row.length % CHUNK != 0) {
                throw new IllegalArgumentException("a long prompt must be whole chunks of " + CHUNK + " ids, was "
                        + row.length);
            }
        }
        int chunks = longest / CHUNK;
        int[] empty = emptyChunk(ids, longest);
        int[][] flat = new int[ids.length * chunks][];
        for (int b = 0; b < ids.length; b++) {
            for (int c = 0; c < chunks; c++) {
                int from = c * CHUNK;
                flat[b * chunks + c] = from < ids[b].length ? Arrays.copyOfRange(ids[b], from, from + CHUNK) : empty;
            }
        }
        // One batch of every chunk of every prompt: one encoder call, whatever the chunk count.
        return component.predict(flat).joinChunks(ids.length);
    }

    /**
     * A1111's empty chunk: the start token and then the end token to the chunk's end, which is
     * what the tokenizer makes of an empty prompt (SD 1.x pads with the end token). Both ids are
     * read off the rows: every chunk starts with the start token, and the longest row has more
     * than one chunk, so its first is full and ends with the end token.
     */
    private static int[] emptyChunk(int[][] ids, int longest) {
        int[] row = null;
        for (int[] candidate : ids) if (candidate.length == longest) row = candidate;
        int[] chunk = new int[CHUNK];
        Arrays.fill(chunk, row[CHUNK - 1]);
        chunk[0] = row[0];
        return chunk;
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
