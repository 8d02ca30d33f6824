package dev.atelier.inference.model;

/**
 * The text encoder's {@code last_hidden_state}: one row of {@code tokens x hidden} values per
 * prompt, which the UNet attends to through cross-attention. {@code tokens} is 77 per chunk: 77
 * for a prompt CLIP takes whole, a multiple of 77 for a long one.
 */
public record TextEmbedding(float[] data, int batch, int tokens, int hidden) {
    public TextEmbedding {
        if ((long) batch * tokens * hidden != data.length) {
            throw new IllegalArgumentException("embedding size does not match its shape");
        }
    }

    /**
     * This batch of {@code prompts * chunks} rows, read as {@code prompts} rows of all their
     * chunks' tokens in order. Row-major, the two are the same numbers: prompt b's chunk c is
     * rows {@code b * chunks + c}, which is where its tokens sit in the joined sequence.
     */
    public TextEmbedding joinChunks(int prompts) {
        if (prompts <= 0 || batch % prompts != 0) {
            throw new IllegalArgumentException(batch + " chunk rows do not split into " + prompts + " prompts");
        }
        return new TextEmbedding(data, prompts, tokens * (batch / prompts), hidden);
    }

    /** The rows of {@code first} followed by those of {@code second}: one batch for one UNet call. */
    public static TextEmbedding concat(TextEmbedding first, TextEmbedding second) {
        if (first.tokens != second.tokens || first.hidden != second.hidden) {
            throw new IllegalArgumentException("embeddings of different shapes");
        }
        float[] data = new float[first.data.length + second.data.length];
        System.arraycopy(first.data, 0, data, 0, first.data.length);
        System.arraycopy(second.data, 0, data, first.data.length, second.data.length);
        return new TextEmbedding(data, first.batch + second.batch, first.tokens, first.hidden);
    }
}
