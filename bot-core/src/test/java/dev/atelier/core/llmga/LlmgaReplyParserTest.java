package dev.atelier.core.llmga;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class LlmgaReplyParserTest {

    static Stream<Arguments> replies() {
        return Stream.of(
                arguments("plain text, no tags", "Hello there!", "Hello there!", List.of()),
                arguments("one span", "Here you go: <gen_image>a red fox in snow</gen_image>",
                        "Here you go:", List.of("a red fox in snow")),
                arguments("span only", "<gen_image>a castle</gen_image>", "", List.of("a castle")),
                arguments("text after the span", "<gen_image>a castle</gen_image> Enjoy!",
                        "Enjoy!", List.of("a castle")),
                arguments("two spans in order", "A: <gen_image>cat</gen_image> B: <gen_image>dog</gen_image> done",
                        "A: B: done", List.of("cat", "dog")),
                arguments("three spans back to back", "<gen_image>a</gen_image><gen_image>b</gen_image><gen_image>c</gen_image>",
                        "", List.of("a", "b", "c")),
                arguments("missing closing tag takes the rest", "Sure! <gen_image>a lighthouse at dusk, oil painting",
                        "Sure!", List.of("a lighthouse at dusk, oil painting")),
                arguments("second span unclosed", "<gen_image>one</gen_image> and <gen_image>two",
                        "and", List.of("one", "two")),
                arguments("empty span ignored", "Nothing <gen_image></gen_image> here", "Nothing here", List.of()),
                arguments("whitespace span ignored", "x <gen_image> \n\t </gen_image> y", "x y", List.of()),
                arguments("upper-case tags", "<GEN_IMAGE>a boat</GEN_IMAGE>", "", List.of("a boat")),
                arguments("mixed-case tags", "<Gen_Image>a boat</gEN_imAGE>", "", List.of("a boat")),
                arguments("spaces inside tags", "< gen_image >a boat< / gen_image >", "", List.of("a boat")),
                arguments("hyphenated name", "<gen-image>a boat</gen-image>", "", List.of("a boat")),
                arguments("prompt whitespace collapsed", "<gen_image>\n  a   big\n\n red   barn  \n</gen_image>",
                        "", List.of("a big red barn")),
                arguments("stray closing tag dropped", "Oops </gen_image> hello", "Oops hello", List.of()),
                arguments("stray closing tag before a span", "</gen_image>hi <gen_image>tree</gen_image>",
                        "hi", List.of("tree")),
                arguments("nested opening tag does not split or leak",
                        "<gen_image>a cat <gen_image>on a mat</gen_image> bye", "bye", List.of("a cat on a mat")),
                arguments("double closing tag", "<gen_image>a</gen_image></gen_image>rest", "rest", List.of("a")),
                arguments("open tag without bracket, then words",
                        "Here: <gen_image a cat on a sofa", "Here:", List.of("a cat on a sofa")),
                arguments("open tag without bracket at the end", "Working on it <gen_image", "Working on it", List.of()),
                arguments("closing tag without bracket", "<gen_image>a fox</gen_image", "", List.of("a fox")),
                arguments("longer word is not a tag", "<gen_images>not a tag", "<gen_images>not a tag", List.of()),
                arguments("other tags are kept as text", "<b>bold</b> <gen_image>x</gen_image>", "<b>bold</b>", List.of("x")),
                arguments("lone angle bracket", "1 < 2 and 3 > 2", "1 < 2 and 3 > 2", List.of()),
                arguments("self-closing tag dropped", "a <gen_image/> b", "a b", List.of()),
                arguments("word glued to span keeps a space", "see<gen_image>x</gen_image>this", "see this", List.of("x")),
                arguments("paragraphs kept, blank lines squeezed",
                        "First line.\n\n\n\nSecond   line.\n<gen_image>p</gen_image>\n\nThird.",
                        "First line.\n\nSecond line.\n\nThird.", List.of("p")),
                arguments("CRLF line ends", "Hi\r\n<gen_image>p</gen_image>\r\nBye", "Hi\nBye", List.of("p")),
                arguments("unicode prompt kept", "Voilà <gen_image>un château 🏰 sous la neige, 雪</gen_image>",
                        "Voilà", List.of("un château 🏰 sous la neige, 雪")),
                arguments("non-breaking spaces collapse", "<gen_image>a\u00A0\u00A0cat</gen_image>", "", List.of("a cat")),
                arguments("tag text inside the prompt never leaks",
                        "<gen_image>a <GEN_IMAGE> b < gen_image > c</gen_image>", "", List.of("a b c")),
                arguments("angle bracket inside prompt kept", "<gen_image>a -> b</gen_image>", "", List.of("a -> b")),
                arguments("only whitespace", "   \n\t ", "", List.of()),
                arguments("only tags", "<gen_image></gen_image></gen_image><gen_image>", "", List.of()),
                arguments("tag split by too many spaces is text", "<" + " ".repeat(20) + "gen_image>x",
                        "<" + " " + "gen_image>x", List.of()),
                arguments("genimage without separator", "<genimage>a</genimage>", "", List.of("a")),
                arguments("markdown around span", "**Prompt:**\n```\n<gen_image>a dog</gen_image>\n```",
                        "**Prompt:**\n```\n```", List.of("a dog")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("replies")
    void splitsReplyIntoTextAndPrompts(String shape, String raw, String text, List<String> prompts) {
        LlmgaReply reply = LlmgaReplyParser.parse(raw);

        assertThat(reply.text()).as("text").isEqualTo(text);
        assertThat(reply.prompts()).as("prompts").containsExactlyElementsOf(prompts);
    }

    @Test
    void nullGivesEmptyReply() {
        assertThat(LlmgaReplyParser.parse(null)).isEqualTo(new LlmgaReply("", List.of()));
        assertThat(LlmgaReplyParser.parse("")).isEqualTo(new LlmgaReply("", List.of()));
    }

    @Test
    @DisplayName("a runaway prompt is cut at a word boundary below the cap")
    void longPromptIsCutAtAWordBoundary() {
        String raw = "<gen_image>" + "word ".repeat(2000) + "</gen_image>";

        String prompt = LlmgaReplyParser.parse(raw).prompts().getFirst();

        assertThat(prompt.length()).isLessThanOrEqualTo(LlmgaReplyParser.MAX_PROMPT_CHARS);
        assertThat(prompt).startsWith("word word").endsWith("word");
    }

    @Test
    void capNeverSplitsAnEmoji() {
        String raw = "<gen_image>" + "🏰".repeat(3000) + "</gen_image>";

        String prompt = LlmgaReplyParser.parse(raw).prompts().getFirst();

        assertThat(prompt.length()).isLessThanOrEqualTo(LlmgaReplyParser.MAX_PROMPT_CHARS);
        assertThat(prompt.codePoints()).allMatch(cp -> cp == "🏰".codePointAt(0));
    }

    @Test
    void thousandsOfSpansGiveAtMostTheCapOfPrompts() {
        String raw = "<gen_image>p</gen_image> t ".repeat(5000);

        LlmgaReply reply = LlmgaReplyParser.parse(raw);

        assertThat(reply.prompts()).hasSize(LlmgaReplyParser.MAX_PROMPTS).allMatch("p"::equals);
        assertThat(reply.text()).doesNotContain("gen_image").startsWith("t t");
    }

    static Stream<Arguments> hostileInputs() {
        return Stream.of(
                arguments("unclosed open tags", "<gen_image".repeat(200_000)),
                arguments("open brackets", "<".repeat(1_000_000)),
                arguments("open tags with spaces", "< gen_image ".repeat(100_000)),
                arguments("near-miss names", "<gen_imag<gen_ima<gen_".repeat(100_000)),
                arguments("huge unclosed span", "<gen_image>" + "x ".repeat(1_000_000)),
                arguments("closing tags", "</gen_image>".repeat(200_000)),
                arguments("alternating", "<gen_image>a</gen_image>".repeat(200_000)),
                arguments("whitespace flood", " \n\t".repeat(1_000_000)),
                arguments("lone surrogates", "\uD800<gen_image>\uDC00</gen_image>\uD800".repeat(50_000)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileInputs")
    @Timeout(value = 5, unit = TimeUnit.SECONDS)
    void hostileInputParsesQuicklyWithoutLeakingTags(String shape, String raw) {
        LlmgaReply reply = LlmgaReplyParser.parse(raw);

        assertThat(reply.prompts().size()).isLessThanOrEqualTo(LlmgaReplyParser.MAX_PROMPTS);
        assertThat(reply.prompts()).allSatisfy(p -> {
            assertThat(p.length()).isLessThanOrEqualTo(LlmgaReplyParser.MAX_PROMPT_CHARS);
            assertThat(p.toLowerCase()).doesNotContain("<gen_image>").doesNotContain("</gen_image>");
        });
    }

    @Test
    void parsingIsStableAcrossCalls() {
        String raw = "Hi <gen_image>a</gen_image> there <gen_image>b";

        assertThat(LlmgaReplyParser.parse(raw)).isEqualTo(LlmgaReplyParser.parse(raw));
    }
}
