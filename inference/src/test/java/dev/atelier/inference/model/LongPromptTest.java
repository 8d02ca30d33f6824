package dev.atelier.inference.model;

import dev.atelier.core.image.GenerationSettings;
import dev.atelier.core.image.ImageGenerator;
import dev.atelier.core.image.ImageRequest;
import dev.atelier.inference.pipeline.DiffusionModel;
import dev.atelier.inference.pipeline.TextToImagePipeline;
import dev.atelier.inference.scheduler.SchedulerKind;
import dev.atelier.inference.tiny.TinyModelFolder;
import dev.atelier.inference.tokenizer.ClipTokenizer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Prompts past CLIP's 77 tokens, on the tiny export: the prompt model's detailed prompts must
 * reach the picture whole, not cut at 75 tokens.
 */
class LongPromptTest {

    /** 77 tokens of the tiny vocabulary (each word and comma is one token): more than one chunk alone. */
    private static final String HEAD = "a photo of a cat in the city at night, ".repeat(7).strip();
    /** A prompt of well over 75 tokens whose tail (past token 75) names other things. */
    private static final String LONG = HEAD + " a painting of a dog on a day by the sea, a portrait of a dog";
    private static final String OTHER_TAIL = HEAD + " a drawing of a cat in the snow at night, a photo of a city";

    private static DiffusionModel model;

    @BeforeAll
    static void load() {
        model = DiffusionModel.load(TinyModelFolder.path(), new RuntimeOptions(2));
    }

    @AfterAll
    static void close() {
        model.close();
    }

    private static float[] rows(TextEmbedding e, int prompt, int fromToken, int toToken) {
        int row = e.tokens() * e.hidden();
        return Arrays.copyOfRange(e.data(), prompt * row + fromToken * e.hidden(), prompt * row + toToken * e.hidden());
    }

    @Test
    @DisplayName("a prompt over 77 tokens is encoded whole: its tail tokens have embeddings of their own")
    void aLongPromptsTailChangesTheTailOfItsEmbedding() {
        ClipTokenizer tokenizer = model.tokenizer();
        assertThat(tokenizer.countTokens(LONG)).isGreaterThan(77);
        TextEmbedding long1 = model.textEncoder().encode(new int[][]{tokenizer.encode(LONG)});
        TextEmbedding long2 = model.textEncoder().encode(new int[][]{tokenizer.encode(OTHER_TAIL)});
        assertThat(long1.tokens()).isEqualTo(2 * 77);
        // The first chunk holds the same 75 tokens in both, so it encodes the same...
        assertThat(rows(long1, 0, 0, 77)).containsExactly(rows(long2, 0, 0, 77));
        // ...and the words past token 75 land in the second chunk, where they differ.
        assertThat(rows(long1, 0, 77, 154)).isNotEqualTo(rows(long2, 0, 77, 154));
    }

    @Test
    void aShortNegativePromptIsPaddedWithEmptyChunksToTheLongPromptsLength() {
        ClipTokenizer tokenizer = model.tokenizer();
        TextEmbedding both = model.textEncoder().encode(new int[][]{tokenizer.encode("blurry"), tokenizer.encode(LONG)});
        assertThat(both.batch()).isEqualTo(2);
        assertThat(both.tokens()).isEqualTo(154);
        TextEmbedding negative = model.textEncoder().encode(new int[][]{tokenizer.encode("blurry")});
        TextEmbedding empty = model.textEncoder().encode(new int[][]{tokenizer.encode("")});
        // the negative prompt's own chunk, then the empty prompt's embedding
        assertThat(rows(both, 0, 0, 77)).containsExactly(rows(negative, 0, 0, 77));
        assertThat(rows(both, 0, 77, 154)).containsExactly(rows(empty, 0, 0, 77));
        // the long prompt's row is what it is alone
        TextEmbedding alone = model.textEncoder().encode(new int[][]{tokenizer.encode(LONG)});
        assertThat(rows(both, 1, 0, 154)).containsExactly(rows(alone, 0, 0, 154));
    }

    @Test
    void anImageFromALongPromptDiffersFromOneOfItsFirst75TokensOnly() {
        ClipTokenizer tokenizer = model.tokenizer();
        // The first 75 tokens of LONG, as a prompt of its own (each word is one token here).
        String[] words = LONG.replace(",", " ,").split("\\s+");
        String first75 = String.join(" ", Arrays.copyOf(words, 75)).replace(" ,", ",");
        assertThat(tokenizer.countTokens(first75)).isEqualTo(75);
        assertThat(Arrays.copyOf(tokenizer.encode(LONG), 76)).containsExactly(Arrays.copyOf(tokenizer.encode(first75), 76));

        TextToImagePipeline pipeline = new TextToImagePipeline(model, SchedulerKind.EULER);
        byte[] whole = pipeline.run(request(LONG), ImageGenerator.Progress.NONE, ImageGenerator.Cancellation.NEVER).png();
        byte[] cut = pipeline.run(request(first75), ImageGenerator.Progress.NONE, ImageGenerator.Cancellation.NEVER).png();
        assertThat(whole).isNotEqualTo(cut);
    }

    private static ImageRequest request(String prompt) {
        return ImageRequest.generate(prompt, new GenerationSettings(64, 64, 4, 7.5, 21, "", 0.75));
    }
}
