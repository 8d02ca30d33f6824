package dev.atelier.inference.model;

/**
 * The text encoder's {@code last_hidden_state}: one row of {@code tokens x hidden} values per
 * prompt, which the UNet attends to through cross-attention.
 */
public record TextEmbedding(float[] data, int batch, int tokens, int hidden) {
    public TextEmbedding {
        if ((long) batch * tokens * hidden != data.length) {
            throw new IllegalArgumentException("embedding size does not match its shape");
        }
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
