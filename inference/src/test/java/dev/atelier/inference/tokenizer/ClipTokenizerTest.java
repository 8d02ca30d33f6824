package dev.atelier.inference.tokenizer;

import dev.atelier.inference.tiny.TinyModelFolder;

import com.google.gson.JsonParser;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ClipTokenizerTest {

    private static ClipTokenizer tokenizer;
    private static Map<String, Integer> vocab;

    @BeforeAll
    static void load() throws Exception {
        Path dir = TinyModelFolder.path().resolve("tokenizer");
        tokenizer = ClipTokenizer.load(dir);
        vocab = ClipTokenizerJson.readVocab(dir.resolve("vocab.json"));
    }

    @AfterAll
    static void close() {
        tokenizer.close();
    }

    private static int id(String token) {
        Integer id = vocab.get(token);
        assertThat(id).as("vocab has %s", token).isNotNull();
        return id;
    }

    @Test
    void aKnownPromptBecomesStartWordsEndAndPadding() {
        // CLIP lower-cases, splits on its regex, ends each word with </w> and wraps in start/end.
        int[] ids = tokenizer.encode("A photo of a  CAT, at night!");
        int end = id("<|endoftext|>");
        assertThat(ids).hasSize(77);
        assertThat(ids).startsWith(id("<|startoftext|>"), id("a</w>"), id("photo</w>"), id("of</w>"),
                id("a</w>"), id("cat</w>"), id(",</w>"), id("at</w>"), id("night</w>"), id("!</w>"), end);
        for (int i = 11; i < 77; i++) assertThat(ids[i]).isEqualTo(end); // SD 1.5 pads with <|endoftext|>
    }

    @Test
    void unknownWordsFallBackToByteSymbols() {
        int[] ids = tokenizer.encode("zq");
        assertThat(ids).startsWith(id("<|startoftext|>"), id("z"), id("q</w>"), id("<|endoftext|>"));
    }

    @Test
    void aLongPromptBecomesChunksOf75TokensEachWithStartEndAndPadding() {
        // 100 tokens: a full chunk of 75, then 25 in a second chunk padded to 77
        int[] ids = tokenizer.encode("cat ".repeat(75) + "dog ".repeat(25));
        int start = id("<|startoftext|>");
        int end = id("<|endoftext|>");
        assertThat(ids).hasSize(2 * 77);
        assertThat(ids[0]).isEqualTo(start);
        for (int i = 1; i <= 75; i++) assertThat(ids[i]).isEqualTo(id("cat</w>"));
        assertThat(ids[76]).isEqualTo(end);
        assertThat(ids[77]).isEqualTo(start);
        for (int i = 78; i < 78 + 25; i++) assertThat(ids[i]).isEqualTo(id("dog</w>"));
        assertThat(ids[78 + 25]).isEqualTo(end);
        assertThat(ids[153]).isEqualTo(end); // SD 1.5 pads with <|endoftext|>
        assertThat(tokenizer.countTokens("cat ".repeat(75) + "dog ".repeat(25))).isEqualTo(100);
    }

    @Test
    void exactly75TokensStillFitOneChunkAnd76NeedTwo() {
        assertThat(tokenizer.encode("cat ".repeat(75))).hasSize(77);
        assertThat(tokenizer.encode("cat ".repeat(76))).hasSize(154);
    }

    @Test
    void promptsPastTheChunkLimitAreCutAtTheLastChunk() {
        int[] ids = tokenizer.encode("cat ".repeat(ClipTokenizer.MAX_CHUNKS * 75 + 40));
        assertThat(ids).hasSize(ClipTokenizer.MAX_CHUNKS * 77);
        assertThat(ids[ids.length - 1]).isEqualTo(id("<|endoftext|>"));
        assertThat(ids[ids.length - 2]).isEqualTo(id("cat</w>"));
    }

    @Test
    void emptyPromptIsStartEndAndPadding() {
        int[] ids = tokenizer.encode("");
        assertThat(ids).hasSize(77);
        assertThat(ids[0]).isEqualTo(id("<|startoftext|>"));
        assertThat(ids[1]).isEqualTo(id("<|endoftext|>"));
    }

    @Test
    void aTokenizerJsonIsUsedAsItIsAndPadTokenComesFromSpecialTokensMap(@TempDir Path dir) throws Exception {
        // GIVEN a folder holding only a fast tokenizer.json and a map that pads with "!" (as SD 2 does)
        Path source = TinyModelFolder.path().resolve("tokenizer");
        String json = ClipTokenizerJson.build(ClipTokenizerJson.readVocab(source.resolve("vocab.json")),
                ClipTokenizerJson.readMerges(source.resolve("merges.txt")));
        assertThat(JsonParser.parseString(json).getAsJsonObject().get("model").getAsJsonObject()
                .get("end_of_word_suffix").getAsString()).isEqualTo("</w>");
        Files.writeString(dir.resolve("tokenizer.json"), json);
        Files.writeString(dir.resolve("special_tokens_map.json"), "{\"pad_token\": {\"content\": \"!\"}}");
        // WHEN it encodes a prompt
        try (ClipTokenizer fast = ClipTokenizer.load(dir)) {
            int[] ids = fast.encode("a cat");
            // THEN the words match the slow folder's and padding uses "!"
            assertThat(ids).startsWith(id("<|startoftext|>"), id("a</w>"), id("cat</w>"), id("<|endoftext|>"));
            assertThat(ids[4]).isEqualTo(id("!"));
            assertThat(ids[76]).isEqualTo(id("!"));
        }
    }
}
