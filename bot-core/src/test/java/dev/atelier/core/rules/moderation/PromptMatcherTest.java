package dev.atelier.core.rules.moderation;

import dev.atelier.core.rules.moderation.PromptRule.Kind;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("Moderation rules stop the texts they name and nothing else")
class PromptMatcherTest {

    private static PromptRule word(long id, String pattern, String reason) {
        return new PromptRule(id, Kind.WORD, pattern, reason, "test", null);
    }

    private static PromptRule regex(long id, String pattern, String reason) {
        return new PromptRule(id, Kind.REGEX, pattern, reason, "test", null);
    }

    @Test
    void aWordRuleStopsTheWordInAnyCaseButNotInsideALongerWord() {
        // GIVEN a word rule
        PromptMatcher matcher = PromptMatcher.of(List.of(word(1, "gore", "no gore, please")));

        // THEN the word stops a text whatever its case, and longer words that contain it pass
        assertThat(matcher.check("a scene full of GORE at night")).get()
                .extracting(PromptMatcher.Verdict::reason).isEqualTo("no gore, please");
        assertThat(matcher.check("gore.")).isPresent();
        assertThat(matcher.check("Al Gore's gorest gorey")).get().extracting(v -> v.rule().id()).isEqualTo(1L);
        assertThat(matcher.check("a gorest dog in Gorey, Ireland")).isEmpty();
        assertThat(matcher.check("a forest at dawn")).isEmpty();
    }

    @Test
    void aPhraseMatchesAcrossAnyWhitespaceAndFullWidthLetters() {
        PromptMatcher matcher = PromptMatcher.of(List.of(word(2, "blood bath", "too violent")));

        assertThat(matcher.check("a blood   bath in the castle")).isPresent();
        assertThat(matcher.check("a blood\nbath")).isPresent();
        // Full-width letters are normalised (NFKC) before matching, so they do not slip past.
        assertThat(matcher.check("ｂｌｏｏｄ ｂａｔｈ")).isPresent();
        assertThat(matcher.check("a bloodbath")).isEmpty();
    }

    @Test
    void aRegexRuleIsFoundAnywhereCaseInsensitively() {
        PromptMatcher matcher = PromptMatcher.of(List.of(regex(3, "celeb(rity)?\\s+nude", "no nudes of real people")));

        assertThat(matcher.check("A Celebrity   Nude portrait")).get()
                .extracting(PromptMatcher.Verdict::reason).isEqualTo("no nudes of real people");
        assertThat(matcher.check("celebrity portrait, oil painting")).isEmpty();
    }

    @Test
    void theFirstRuleThatMatchesGivesTheReason() {
        PromptMatcher matcher = PromptMatcher.of(List.of(word(1, "cat", "no cats"), word(2, "dog", "no dogs")));

        assertThat(matcher.check("a dog and a cat")).get().extracting(v -> v.rule().id()).isEqualTo(1L);
        assertThat(matcher.check("a lighthouse")).isEmpty();
        assertThat(PromptMatcher.of(List.of()).check("anything")).isEmpty();
    }

    @Test
    void aRegexThatDoesNotCompileIsRefusedWhenAdded() {
        assertThatThrownBy(() -> PromptMatcher.validate(Kind.REGEX, "(unclosed", "reason"))
                .isInstanceOf(PromptMatcher.InvalidRuleException.class)
                .hasMessageContaining("Not a valid regular expression");
    }

    @ParameterizedTest(name = "catastrophic: {0}")
    @ValueSource(strings = {"(a+)+b", "(x+x+)+y", "^(\\w+\\s?)+$", "(a|aa)+c", "(.*a){20}"})
    void aRegexThatBacktracksWithoutEndIsRefusedWhenAdded(String pattern) {
        long start = System.nanoTime();
        assertThatThrownBy(() -> PromptMatcher.validate(Kind.REGEX, pattern, "reason"))
                .isInstanceOf(PromptMatcher.InvalidRuleException.class)
                .hasMessageContaining("backtracks");
        // Refusing it takes the probe budget, not the pattern's minutes.
        assertThat((System.nanoTime() - start) / 1_000_000).as("gives up instead of running for minutes").isLessThan(10_000);
    }

    @Test
    void rulesThatWouldRefuseEverythingOrSayNothingAreRefused() {
        assertThatThrownBy(() -> PromptMatcher.validate(Kind.REGEX, "a*", "reason"))
                .hasMessageContaining("matches an empty text");
        assertThatThrownBy(() -> PromptMatcher.validate(Kind.WORD, "  ", "reason")).hasMessageContaining("empty");
        assertThatThrownBy(() -> PromptMatcher.validate(Kind.WORD, "gore", " ")).hasMessageContaining("needs a reason");
        assertThatThrownBy(() -> PromptMatcher.validate(Kind.REGEX, "x".repeat(501), "reason"))
                .hasMessageContaining("longer than");
    }

    @Test
    void ordinaryRulesAreAccepted() {
        PromptMatcher.validate(Kind.REGEX, "celeb(rity)?\\s+nude", "reason");
        PromptMatcher.validate(Kind.REGEX, "\\b(kill|murder)\\w*\\b", "reason");
        PromptMatcher.validate(Kind.WORD, "blood bath", "reason");
        PromptMatcher.validate(Kind.WORD, "a+b (c)", "reason"); // words are literal, not regex
    }

    @Test
    void aCatastrophicRuleStoredAnywayRefusesTheTextInTimeInsteadOfHanging() {
        // GIVEN a rule that slipped past validation (written straight into the table)
        PromptMatcher matcher = PromptMatcher.of(List.of(regex(9, "(x+x+)+y", "no x's")));

        // WHEN a text that makes it backtrack is checked
        long start = System.nanoTime();
        var verdict = matcher.check("x".repeat(3_000) + "!");

        // THEN the check gives up within its budget and refuses the text (fail closed)
        assertThat((System.nanoTime() - start) / 1_000_000).as("gives up instead of running for minutes").isLessThan(10_000);
        assertThat(verdict).get().extracting(PromptMatcher.Verdict::reason).asString()
                .contains("could not be checked");
    }

    @Test
    void aStoredRuleThatNoLongerCompilesIsSkipped() {
        PromptMatcher matcher = PromptMatcher.of(List.of(regex(1, "(broken", "x"), word(2, "cat", "no cats")));
        assertThat(matcher.check("a cat")).get().extracting(v -> v.rule().id()).isEqualTo(2L);
    }
}
