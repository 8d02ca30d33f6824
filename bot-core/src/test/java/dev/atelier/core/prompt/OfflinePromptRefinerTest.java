package dev.atelier.core.prompt;

import dev.atelier.core.image.Task;
import dev.atelier.core.llmga.LlmgaReply;
import dev.atelier.core.llmga.LlmgaReplyParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class OfflinePromptRefinerTest {

    private final OfflinePromptRefiner refiner = new OfflinePromptRefiner();

    private static PromptRequest request(String text, Task task, String previousPrompt) {
        return new PromptRequest(text, task, List.of(), List.of(), previousPrompt);
    }

    private LlmgaReply answer(String text, Task task, String previousPrompt) {
        return LlmgaReplyParser.parse(refiner.reply(request(text, task, previousPrompt)));
    }

    private String prompt(String text, Task task, String previousPrompt) {
        LlmgaReply reply = answer(text, task, previousPrompt);
        assertThat(reply.prompts()).hasSize(1);
        return reply.prompts().getFirst();
    }

    private String fresh(String text) {
        return prompt(text, Task.GENERATE, null);
    }

    @ParameterizedTest(name = "\"{0}\" -> subject \"{1}\"")
    @CsvSource(delimiter = '|', textBlock = """
            please draw me a red fox in the snow         | a red fox in the snow
            Can you make an image of a lighthouse?       | a lighthouse
            can you make a picture of a dog please       | a dog
            a cat making bread                           | a cat making bread
            Generate a photo of an old man, thanks!      | an old man
            paint me a castle at night                   | a castle at night
            I want a bowl of ramen                       | a bowl of ramen
            new picture: a lighthouse on a cliff         | a lighthouse on a cliff
            hey, could you create a watercolor of a frog | a watercolor of a frog
            show me a dragon made of glass               | a dragon made of glass
            """)
    void freshPromptStartsWithTheSubjectWithoutTheAsking(String text, String subject) {
        assertThat(fresh(text)).startsWith(subject + ", ");
    }

    @Test
    void freshPromptIsDetailedAndLongerThanTheRequest() {
        String prompt = fresh("a castle");

        assertThat(prompt.length()).isGreaterThan(4 * "a castle".length());
        assertThat(prompt.split(",")).hasSizeGreaterThanOrEqualTo(6);
        assertThat(prompt).contains("digital painting", "rule of thirds", "highly detailed");
    }

    @ParameterizedTest(name = "\"{0}\" -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            a photo of a street in Tokyo                 | photorealistic photograph
            an oil painting of a ship in a storm         | oil painting on canvas
            a watercolor painting of a fox               | watercolor painting
            an anime girl with a sword                   | anime style illustration
            pixel art of a knight                        | pixel art
            a 3d render of a robot                       | 3D render
            a pencil sketch of an old house              | pencil sketch
            a cartoon dog                                | cartoon illustration
            """)
    void styleFollowsTheWordsUsed(String text, String styleCue) {
        assertThat(fresh(text)).contains(styleCue);
    }

    @ParameterizedTest(name = "\"{0}\" -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            a harbour at night                  | moonlight
            a beach at sunset                   | golden hour
            a farm at dawn                      | early morning light
            a park on a sunny day               | bright daylight
            a cabin in winter                   | snow-covered
            a portrait of an old sailor         | close-up portrait
            a mountain lake                     | wide establishing shot
            """)
    void lightingAndFramingFitTheRequest(String text, String cue) {
        assertThat(fresh(text)).contains(cue);
    }

    @Test
    void samePromptForTheSameRequest() {
        String first = refiner.reply(request("a castle at night", Task.GENERATE, null));
        String second = new OfflinePromptRefiner().reply(request("a castle at night", Task.GENERATE, null));

        assertThat(first).isEqualTo(second);
    }

    @Test
    void replyHasAFriendlySentenceAndExactlyOnePrompt() {
        LlmgaReply reply = answer("please draw a red fox", Task.GENERATE, null);

        assertThat(reply.text()).isNotBlank().contains("a red fox");
        assertThat(reply.prompts()).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "</gen_image> hi <gen_image>", "draw <gen_image>x</gen_image>",
            "🏰🏰🏰", "please", "?!?", "aaaaaaaaaa"})
    void oddInputStillGivesExactlyOnePrompt(String text) {
        LlmgaReply reply = answer(text.equals("aaaaaaaaaa") ? text.repeat(500) : text, Task.GENERATE, null);

        assertThat(reply.prompts()).hasSize(1);
        assertThat(reply.prompts().getFirst()).isNotBlank().doesNotContain("<", ">");
    }

    @ParameterizedTest
    @EnumSource(Task.class)
    void everyTaskGivesExactlyOnePromptWithAndWithoutHistory(Task task) {
        assertThat(answer("make it night", task, null).prompts()).hasSize(1);
        assertThat(answer("make it night", task, fresh("a castle")).prompts()).hasSize(1);
    }

    @Test
    void nightReplacesDayOnAFollowUp() {
        String previous = fresh("a castle on a hill on a sunny day");

        String next = prompt("make it night", Task.EDIT, previous);

        assertThat(next).startsWith("a castle on a hill").contains("moonlight")
                .doesNotContain("daylight").doesNotContain("sunny");
    }

    @Test
    void nightReplacesTheStyleDefaultLight() {
        String previous = fresh("a castle");

        String next = prompt("but at night", Task.EDIT, previous);

        assertThat(previous).contains("soft cinematic lighting");
        assertThat(next).startsWith("a castle, ").contains("at night", "moonlight")
                .doesNotContain("soft cinematic lighting").contains("digital painting", "highly detailed");
    }

    @Test
    void addingAnObjectKeepsTheOldPrompt() {
        String previous = fresh("a quiet lake in the mountains");

        String next = prompt("now add a red boat", Task.EDIT, previous);

        assertThat(next).startsWith("a quiet lake in the mountains, a red boat, ");
        assertThat(next).contains(previous.substring(previous.indexOf(", ") + 2));
    }

    @Test
    void withoutDropsTheObjectFromTheSubject() {
        String previous = fresh("a cottage with a large oak tree and a river");

        String next = prompt("without the tree", Task.EDIT, previous);

        assertThat(next).startsWith("a cottage with a river, ").doesNotContain("tree");
    }

    @Test
    void withoutDropsAnAddedSegment() {
        String previous = prompt("add a red boat", Task.EDIT, fresh("a lake"));

        String next = prompt("remove the boat", Task.EDIT, previous);

        assertThat(next).startsWith("a lake, ").doesNotContain("boat");
    }

    @Test
    void styleChangeSwapsTheStyleCuesOnly() {
        String previous = fresh("a fox in a forest at sunset");

        String next = prompt("turn it into a watercolor", Task.EDIT, previous);

        assertThat(next).startsWith("a fox in a forest").contains("watercolor painting", "golden hour")
                .doesNotContain("digital painting").doesNotContain("concept art");
    }

    @Test
    void recolouringAnObjectReplacesItsColour() {
        String previous = fresh("a red car parked by the sea");

        String next = prompt("make the car blue", Task.EDIT, previous);

        assertThat(next).startsWith("a blue car parked by the sea");
    }

    @Test
    void replacingAnObjectKeepsTheRest() {
        String previous = fresh("a cat sleeping on a sofa");

        String next = prompt("turn the cat into a tiger", Task.EDIT, previous);

        assertThat(next).startsWith("a tiger sleeping on a sofa, ");
    }

    @Test
    void severalChangesInOneMessageAllApply() {
        String previous = fresh("a harbour with fishing boats");

        String next = prompt("make it night and add a lighthouse, more colourful", Task.EDIT, previous);

        assertThat(next).startsWith("a harbour with fishing boats").contains("moonlight", "a lighthouse",
                "vibrant saturated color palette");
    }

    @Test
    void followUpWordsAreMergedEvenWhenTheTaskIsGenerate() {
        String previous = fresh("a castle");

        assertThat(prompt("make it night", Task.GENERATE, previous)).startsWith("a castle, ").contains("moonlight");
        assertThat(prompt("draw a dragon", Task.GENERATE, previous)).startsWith("a dragon, ");
    }

    @Test
    void followUpReplySaysWhatChanged() {
        LlmgaReply reply = answer("now add a red boat", Task.EDIT, fresh("a lake"));

        assertThat(reply.text()).contains("added a red boat");
    }

    @Test
    void followUpOnAPromptFromElsewhereStillWorks() {
        String mllmPrompt = "A majestic castle on a cliff at sunset, sunset glow, oil painting, highly detailed";

        String next = prompt("make it night", Task.EDIT, mllmPrompt);

        assertThat(next).startsWith("A majestic castle on a cliff").contains("moonlight")
                .doesNotContain("sunset").contains("oil painting");
    }

    @Test
    void similarWithoutHistoryDescribesAVariationOfTheReference() {
        String prompt = prompt("something like this", Task.SIMILAR, null);

        assertThat(prompt).startsWith("a variation of the reference image");
    }

    @Test
    void similarWithASubjectUsesIt() {
        String prompt = prompt("draw a fox in this style", Task.SIMILAR, null);

        assertThat(prompt).startsWith("a fox, ").contains("in the style of the reference image");
    }

    @Test
    void similarWithHistoryKeepsTheLastPrompt() {
        String previous = fresh("a castle at night");

        assertThat(prompt("more like this", Task.SIMILAR, previous)).startsWith(previous);
        assertThat(prompt("a fox in the same style", Task.SIMILAR, previous))
                .startsWith("a fox, ").contains("digital painting", "moonlight").doesNotContain("castle");
    }

    @Test
    void editWithoutHistoryDescribesTheReferenceWithTheChange() {
        assertThat(prompt("make it night", Task.EDIT, null)).contains("reference image", "moonlight");
    }

    @Test
    void outpaintKeepsThePromptAndWidensTheView() {
        String previous = fresh("a castle");

        assertThat(prompt("zoom out", Task.OUTPAINT, previous)).startsWith(previous).contains("wide view");
    }

    @Test
    void randomFollowUpsAlwaysGiveExactlyOnePrompt() {
        // Seeded, so a failure is reproducible; the words mix instructions with regex and tag syntax.
        String[] words = {"make", "it", "the", "night", "add", "a", "red", "boat", "without", "tree", "replace",
                "with", "turn", "into", "watercolor", "(", "$1", "\\", "*", "[", "<gen_image>", ",", "and", "instead",
                "of", "no", "more", "colourful", "in", "winter", "remove", "blue", "car", "🏰", "?", "."};
        java.util.Random random = new java.util.Random(42);
        String previous = fresh("a castle with a tree and a car");
        for (int i = 0; i < 300; i++) {
            StringBuilder text = new StringBuilder();
            for (int w = random.nextInt(12); w >= 0; w--) text.append(words[random.nextInt(words.length)]).append(' ');
            Task task = Task.values()[random.nextInt(Task.values().length)];

            LlmgaReply reply = answer(text.toString(), task, random.nextBoolean() ? previous : null);

            assertThat(reply.prompts()).as(text.toString()).hasSize(1);
            assertThat(reply.prompts().getFirst()).isNotBlank();
        }
    }

    @Test
    void nameIsOfflineRefiner() {
        assertThat(refiner.name()).isEqualTo("offline-refiner");
    }

    private String styled(String text, Task task, String previousPrompt, String style) {
        LlmgaReply reply = LlmgaReplyParser.parse(refiner.reply(
                new PromptRequest(text, task, List.of(), List.of(), previousPrompt, style)));
        return reply.prompts().getFirst();
    }

    @ParameterizedTest(name = "\"{0}\" with a chosen style")
    @ValueSource(strings = {"a red fox in the snow", "a watercolor of a frog", "an old man, oil painting",
            "a castle at night in winter", "a portrait of a queen"})
    void withAChosenStyleTheRefinerAddsNoMediumLightOrFinishOfItsOwn(String text) {
        String plain = fresh(text);
        String withStyle = styled(text, Task.GENERATE, null, "pixel-art");

        for (String segment : withStyle.split(",")) {
            assertThat(PromptCues.kindOf(segment)).as("segment '%s' of '%s'", segment, withStyle)
                    .isNotIn(PromptCues.Kind.STYLE, PromptCues.Kind.STYLE_LIGHTING, PromptCues.Kind.QUALITY);
        }
        assertThat(plain).as("without a style the refiner still picks a look").contains(withStyle.split(",")[0]);
        assertThat(withStyle).doesNotContain("digital painting").doesNotContain("highly detailed");
        assertThat(withStyle.split(",")[0]).isEqualTo(plain.split(",")[0]);
    }

    @Test
    void aFollowUpWithAChosenStyleDropsTheEarlierPromptsLookToo() {
        String earlier = fresh("a lighthouse on a cliff");
        assertThat(earlier).contains("digital painting");

        String edited = styled("make it night", Task.EDIT, earlier, "anime");

        assertThat(edited).contains("lighthouse").doesNotContain("digital painting").doesNotContain("concept art");
    }
}
