package dev.atelier.inference.tokenizer;

import com.google.gson.JsonParser;
import com.google.gson.stream.JsonWriter;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the {@code tokenizer.json} that HuggingFace's {@code CLIPTokenizerFast} would save, from
 * the slow tokenizer's {@code vocab.json} and {@code merges.txt} (which is all that SD 1.5's
 * {@code tokenizer/} folder holds). The pieces are CLIP's: NFC, whitespace collapsed and lower
 * case; the CLIP pre-tokenizer regex, then byte-level mapping without a prefix space; BPE with the
 * {@code </w>} end-of-word suffix; start and end tokens around the sequence.
 */
final class ClipTokenizerJson {

    static final String START = "<|startoftext|>";
    static final String END = "<|endoftext|>";
    /** CLIP's pre-tokenizer: special tokens, English contractions, letter runs, single digits, other symbol runs. */
    static final String PRE_TOKENIZER_REGEX =
            "<\\|startoftext\\|>|<\\|endoftext\\|>|'s|'t|'re|'ve|'m|'ll|'d|[\\p{L}]+|[\\p{N}]|[^\\s\\p{L}\\p{N}]+";

    private ClipTokenizerJson() {
    }

    static Map<String, Integer> readVocab(Path vocabJson) throws IOException {
        Map<String, Integer> vocab = new LinkedHashMap<>();
        var json = JsonParser.parseString(Files.readString(vocabJson)).getAsJsonObject();
        for (var e : json.entrySet()) vocab.put(e.getKey(), e.getValue().getAsInt());
        return vocab;
    }

    /** The BPE vocabulary and added tokens of a fast {@code tokenizer.json}. */
    static Map<String, Integer> vocabOf(String tokenizerJson) {
        var root = JsonParser.parseString(tokenizerJson).getAsJsonObject();
        Map<String, Integer> vocab = new LinkedHashMap<>();
        for (var e : root.getAsJsonObject("model").getAsJsonObject("vocab").entrySet()) {
            vocab.put(e.getKey(), e.getValue().getAsInt());
        }
        var added = root.getAsJsonArray("added_tokens");
        if (added != null) {
            for (var token : added) {
                var t = token.getAsJsonObject();
                vocab.put(t.get("content").getAsString(), t.get("id").getAsInt());
            }
        }
        return vocab;
    }

    static List<String> readMerges(Path mergesTxt) throws IOException {
        List<String> merges = new ArrayList<>();
        for (String line : Files.readAllLines(mergesTxt)) {
            if (line.isBlank() || line.startsWith("#version")) continue;
            merges.add(line);
        }
        return merges;
    }

    static String build(Map<String, Integer> vocab, List<String> merges) throws IOException {
        Integer start = vocab.get(START);
        Integer end = vocab.get(END);
        if (start == null || end == null) {
            throw new IOException("vocab.json lacks " + START + " or " + END);
        }
        StringWriter out = new StringWriter();
        try (JsonWriter g = new JsonWriter(out)) {
            g.beginObject();
            g.name("version").value("1.0");
            g.name("truncation").nullValue();
            g.name("padding").nullValue();
            g.name("added_tokens").beginArray();
            addedToken(g, start, START);
            addedToken(g, end, END);
            g.endArray();

            g.name("normalizer").beginObject();
            g.name("type").value("Sequence");
            g.name("normalizers").beginArray();
            g.beginObject();
            g.name("type").value("NFC");
            g.endObject();
            g.beginObject();
            g.name("type").value("Replace");
            g.name("pattern").beginObject();
            g.name("Regex").value("\\s+");
            g.endObject();
            g.name("content").value(" ");
            g.endObject();
            g.beginObject();
            g.name("type").value("Lowercase");
            g.endObject();
            g.endArray();
            g.endObject();

            g.name("pre_tokenizer").beginObject();
            g.name("type").value("Sequence");
            g.name("pretokenizers").beginArray();
            g.beginObject();
            g.name("type").value("Split");
            g.name("pattern").beginObject();
            g.name("Regex").value(PRE_TOKENIZER_REGEX);
            g.endObject();
            // "Removed" + invert: keep what the regex matches, drop what lies between (spaces).
            g.name("behavior").value("Removed");
            g.name("invert").value(true);
            g.endObject();
            g.beginObject();
            g.name("type").value("ByteLevel");
            g.name("add_prefix_space").value(false);
            g.name("trim_offsets").value(true);
            g.name("use_regex").value(false);
            g.endObject();
            g.endArray();
            g.endObject();

            g.name("post_processor").beginObject();
            g.name("type").value("RobertaProcessing");
            g.name("sep").beginArray();
            g.value(END);
            g.value(end);
            g.endArray();
            g.name("cls").beginArray();
            g.value(START);
            g.value(start);
            g.endArray();
            g.name("trim_offsets").value(false);
            g.name("add_prefix_space").value(false);
            g.endObject();

            g.name("decoder").beginObject();
            g.name("type").value("ByteLevel");
            g.name("add_prefix_space").value(true);
            g.name("trim_offsets").value(true);
            g.name("use_regex").value(true);
            g.endObject();

            g.name("model").beginObject();
            g.name("type").value("BPE");
            g.name("dropout").nullValue();
            g.name("unk_token").value(END);
            g.name("continuing_subword_prefix").value("");
            g.name("end_of_word_suffix").value("</w>");
            g.name("fuse_unk").value(false);
            g.name("byte_fallback").value(false);
            g.name("vocab").beginObject();
            for (var e : vocab.entrySet()) g.name(e.getKey()).value(e.getValue());
            g.endObject();
            g.name("merges").beginArray();
            for (String m : merges) g.value(m);
            g.endArray();
            g.endObject();
            g.endObject();
        }
        return out.toString();
    }

    private static void addedToken(JsonWriter g, int id, String content) throws IOException {
        g.beginObject();
        g.name("id").value(id);
        g.name("content").value(content);
        g.name("single_word").value(false);
        g.name("lstrip").value(false);
        g.name("rstrip").value(false);
        g.name("normalized").value(true);
        g.name("special").value(true);
        g.endObject();
    }
}
