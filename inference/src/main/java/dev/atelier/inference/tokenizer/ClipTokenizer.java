package dev.atelier.inference.tokenizer;

import ai.djl.huggingface.tokenizers.Encoding;
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
 * and load that. Truncation and padding are done here, as {@code CLIPTokenizer} does them with
 * {@code padding="max_length", truncation=True}: start token, at most 75 prompt tokens, end token,
 * then the pad token of {@code special_tokens_map.json} up to 77 ids.
 */
public final class ClipTokenizer implements AutoCloseable {

    /** CLIP's text encoder has 77 position embeddings: every prompt becomes exactly 77 ids. */
    public static final int MAX_LENGTH = 77;

    private final HuggingFaceTokenizer tokenizer;
    private final int endId;
    private final int padId;

    private ClipTokenizer(HuggingFaceTokenizer tokenizer, int endId, int padId) {
        this.tokenizer = tokenizer;
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
            int endId = idOf(vocab, ClipTokenizerJson.END);
            String padToken = padToken(tokenizerDir);
            int padId = padToken == null ? endId : idOf(vocab, padToken);
            return new ClipTokenizer(hf, endId, padId);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load the tokenizer in " + tokenizerDir, e);
        }
    }

    /** Exactly {@link #MAX_LENGTH} ids: start, the prompt's tokens (truncated), end, padding. */
    public int[] encode(String text) {
        Encoding encoding = tokenizer.encode(text == null ? "" : text);
        long[] ids = encoding.getIds();
        int[] out = new int[MAX_LENGTH];
        Arrays.fill(out, padId);
        int n = Math.min(ids.length, MAX_LENGTH);
        for (int i = 0; i < n; i++) out[i] = (int) ids[i];
        if (ids.length > MAX_LENGTH) out[MAX_LENGTH - 1] = endId;
        return out;
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
