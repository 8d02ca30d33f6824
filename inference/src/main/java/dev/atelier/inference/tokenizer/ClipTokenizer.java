package dev.atelier.inference.tokenizer;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * CLIP's byte-level BPE tokenizer, run by DJL's HuggingFace tokenizers (the Rust library).
 *
 * <p>A {@code tokenizer/} folder with a {@code tokenizer.json} is loaded as it is. SD 1.5's folder
 * only has the slow tokenizer's {@code vocab.json} and {@code merges.txt}: for it we build the
 * {@code tokenizer.json} that {@code CLIPTokenizerFast} would have written ({@link ClipTokenizerJson})
 * and load that.
 *
 * <p>Long prompts are chunked, not cut: the prompt models write detailed prompts that often pass
 * CLIP's 75 tokens. As A1111 and LLMGA's code do, each run of 75 prompt tokens becomes one chunk
 * laid out as {@code CLIPTokenizer} lays out a whole prompt with {@code padding="max_length"}:
 * start token, the tokens, end token, then the pad token of {@code special_tokens_map.json} up
 * to 77 ids. The text encoder encodes each chunk and joins the embeddings along the sequence.
 */
public final class ClipTokenizer implements AutoCloseable {

    /** CLIP's text encoder has 77 position embeddings: every chunk is exactly 77 ids. */
    public static final int MAX_LENGTH = 77;
    /** Prompt tokens per chunk: 77 less the start and end tokens. */
    public static final int CHUNK_TOKENS = MAX_LENGTH - 2;
    /**
     * At most this many chunks (600 prompt tokens); the rest is cut. Each chunk costs a text
     * encoder pass and widens every cross-attention of every UNet step, and no prompt model
     * writes prompts that long on purpose.
     */
    public static final int MAX_CHUNKS = 8;

    private final HuggingFaceTokenizer tokenizer;
    private final int startId;
    private final int endId;
    private final int padId;

    private ClipTokenizer(HuggingFaceTokenizer tokenizer, int startId, int endId, int padId) {
        this.tokenizer = tokenizer;
        this.startId = startId;
        this.endId = endId;
        this.padId = padId;
    }

    public static ClipTokenizer load(Path tokenizerDir) {
        // DJL's tokenizer otherwise reports its use over the network; Atelier works offline.
        if (System.getProperty("OPT_OUT_TRACKING") == null) System.setProperty("OPT_OUT_TRACKING", "true");
        try {
            String json;
            Map<String, Integer> vocab;
            Path tokenizerJson = tokenizerDir.resolve("tokenizer.json");
            if (Files.isRegularFile(tokenizerJson)) {
                json = Files.readString(tokenizerJson);
                vocab = ClipTokenizerJson.vocabOf(json);
            } else {
                vocab = ClipTokenizerJson.readVocab(tokenizerDir.resolve("vocab.json"));
                json = ClipTokenizerJson.build(vocab, ClipTokenizerJson.readMerges(tokenizerDir.resolve("merges.txt")));
            }
            Map<String, String> options = Map.of(
                    "addSpecialTokens", "true", "padding", "false", "truncation", "false");
            HuggingFaceTokenizer hf;
            try (InputStream in = new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8))) {
                hf = HuggingFaceTokenizer.newInstance(in, options);
            }
            int startId = idOf(vocab, ClipTokenizerJson.START);
            int endId = idOf(vocab, ClipTokenizerJson.END);
            String padToken = padToken(tokenizerDir);
            int padId = padToken == null ? endId : idOf(vocab, padToken);
            return new ClipTokenizer(hf, startId, endId, padId);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load the tokenizer in " + tokenizerDir, e);
        }
    }

    /**
     * The prompt as chunks of {@link #MAX_LENGTH} ids back to back: one chunk (start, tokens,
     * end, padding) per {@link #CHUNK_TOKENS} prompt tokens, at least one, at most
     * {@link #MAX_CHUNKS}. A prompt of up to 75 tokens gives exactly what CLIPTokenizer gives.
     */
    public int[] encode(String text) {
        long[] ids = tokenizer.encode(text == null ? "" : text).getIds();
        // The tokenizer adds start and end itself; the prompt tokens sit between them.
        int tokens = Math.max(0, ids.length - 2);
        int chunks = Math.clamp((tokens + CHUNK_TOKENS - 1) / CHUNK_TOKENS, 1, MAX_CHUNKS);
        int[] out = new int[chunks * MAX_LENGTH];
        for (int c = 0; c < chunks; c++) {
            int base = c * MAX_LENGTH;
            Arrays.fill(out, base, base + MAX_LENGTH, padId);
            out[base] = startId;
            int from = c * CHUNK_TOKENS;
            int n = Math.clamp(tokens - from, 0, CHUNK_TOKENS);
            for (int i = 0; i < n; i++) out[base + 1 + i] = (int) ids[1 + from + i];
            out[base + 1 + n] = endId;
        }
        return out;
    }

    /** The number of prompt tokens, start and end not counted: what decides the chunk count. */
    public int countTokens(String text) {
        return Math.max(0, tokenizer.encode(text == null ? "" : text).getIds().length - 2);
    }

    public int startId() {
        return startId;
    }

    public int endId() {
        return endId;
    }

    public int padId() {
        return padId;
    }

    @Override
    public void close() {
        tokenizer.close();
    }

    /** The id of a vocabulary entry as it is spelled there ("!" is id 0 in CLIP, "!</w>" another). */
    private static int idOf(Map<String, Integer> vocab, String token) {
        Integer id = vocab.get(token);
        if (id == null) throw new IllegalStateException("token " + token + " is not in the vocabulary");
        return id;
    }

    /** The pad token named by special_tokens_map.json or tokenizer_config.json; null when neither names one. */
    private static String padToken(Path dir) throws IOException {
        for (String file : new String[]{"special_tokens_map.json", "tokenizer_config.json"}) {
            Path path = dir.resolve(file);
            if (!Files.isRegularFile(path)) continue;
            JsonElement root = JsonParser.parseString(Files.readString(path));
            if (!root.isJsonObject()) continue;
            JsonElement pad = root.getAsJsonObject().get("pad_token");
            if (pad == null || pad.isJsonNull()) continue;
            // Either "<|endoftext|>" or {"content": "<|endoftext|>", "lstrip": false, ...}
            if (pad.isJsonPrimitive()) return pad.getAsString();
            JsonElement content = pad.getAsJsonObject().get("content");
            if (content != null) return content.getAsString();
        }
        return null;
    }
}
