package dev.atelier.core.turn;

import dev.atelier.core.image.StylePreset;
import dev.atelier.core.task.TaskRouter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** "--style anime" in the text, or a style field, and the built-in presets it names. */
class StyleTest {

    private final TurnRequest requests = new TurnRequest(TurnLimits.defaults(), new TaskRouter());

    private static Inbound message(String text, Inbound.Options options) {
        return new Inbound("web", "c", "u", "u", null, null, text, null, null, options, null, null, null);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "'a castle --style anime', anime, a castle",
            "'--style Watercolor a lighthouse', watercolor, a lighthouse",
            "'a fox --STYLE pixel-art at dawn', pixel-art, a fox at dawn",
            "'a bridge --style 3d-render --ar 16:9', 3d-render, a bridge",
    })
    void aTypedStyleIsStoredByNameAndLeavesThePrompt(String text, String style, String prompt) {
        TurnRequest.Checked checked = requests.check(message(text, Inbound.Options.NONE));

        assertThat(checked.settings().style()).isEqualTo(style);
        assertThat(checked.text()).isEqualTo(prompt);
    }

    @Test
    void theStyleFieldWinsOverTheTypedOne() {
        TurnRequest.Checked checked = requests.check(message("a cat --style anime",
                Inbound.Options.NONE.withStyle("oil-painting")));

        assertThat(checked.settings().style()).isEqualTo("oil-painting");
        assertThat(checked.text()).isEqualTo("a cat");
    }

    @Test
    void noStyleIsNull() {
        assertThat(requests.check(message("a cat", Inbound.Options.NONE)).settings().style()).isNull();
        assertThat(requests.check(message("a cat", Inbound.Options.NONE.withStyle(" "))).settings().style()).isNull();
    }

    @Test
    void anUnknownStyleIsRefusedWithTheNames() {
        assertThatThrownBy(() -> requests.check(message("a cat --style vaporwave", Inbound.Options.NONE)))
                .isInstanceOf(RejectedTurnException.class)
                .hasMessageContaining("Unknown style 'vaporwave'")
                .hasMessageContaining(StylePreset.names());
        assertThatThrownBy(() -> requests.check(message("a cat", Inbound.Options.NONE.withStyle("nope"))))
                .isInstanceOf(RejectedTurnException.class).hasMessageContaining("photo, cinematic, anime");
    }

    @Test
    void theBuiltInSetHasTheNamedLooks() {
        assertThat(StylePreset.ALL).extracting(StylePreset::name).containsExactly("photo", "cinematic", "anime",
                "watercolor", "oil-painting", "pixel-art", "3d-render", "line-art");
        assertThat(StylePreset.ALL).allSatisfy(s -> {
            assertThat(s.words()).isNotBlank();
            assertThat(s.negative()).isNotBlank();
        });
    }

    @Test
    void aPresetAppendsItsWordsOnceAndAddsToTheNegativePrompt() {
        StylePreset anime = StylePreset.find(" ANIME ").orElseThrow();

        String styled = anime.applyTo("a knight on a hill");
        assertThat(styled).isEqualTo("a knight on a hill, " + anime.words());
        assertThat(anime.applyTo(styled)).isEqualTo(styled);
        assertThat(anime.removeFrom(styled)).isEqualTo("a knight on a hill");
        assertThat(anime.removeFrom("a knight")).isEqualTo("a knight");
        assertThat(anime.applyTo("a knight,")).isEqualTo("a knight, " + anime.words());
        assertThat(anime.negativeWith("")).isEqualTo(anime.negative());
        assertThat(anime.negativeWith("blurry")).isEqualTo("blurry, " + anime.negative());
    }

    @Test
    void aDefaultStyleAppliesWhenTheMessageNamesNoneAndNoneOptsOut() {
        TurnRequest withDefault = new TurnRequest(TurnLimits.defaults(), new TaskRouter(),
                dev.atelier.core.image.ModelCatalog.NONE, "Watercolor");

        assertThat(withDefault.check(message("a cat", Inbound.Options.NONE)).settings().style()).isEqualTo("watercolor");
        assertThat(withDefault.check(message("a cat --style anime", Inbound.Options.NONE)).settings().style())
                .isEqualTo("anime");
        assertThat(withDefault.check(message("a cat", Inbound.Options.NONE.withStyle("photo"))).settings().style())
                .isEqualTo("photo");
        TurnRequest.Checked optedOut = withDefault.check(message("a cat --style none", Inbound.Options.NONE));
        assertThat(optedOut.settings().style()).isNull();
        assertThat(optedOut.text()).isEqualTo("a cat");
    }

    @Test
    void anUnknownDefaultStyleStopsTheStart() {
        assertThatThrownBy(() -> new TurnRequest(TurnLimits.defaults(), new TaskRouter(),
                dev.atelier.core.image.ModelCatalog.NONE, "vaporwave"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'vaporwave'").hasMessageContaining(StylePreset.names());
    }

    @Test
    void aPersonsOwnDefaultStyleWinsOverTheConfiguredOne() {
        dev.atelier.core.settings.UserDefaultsStore store = new dev.atelier.core.settings.UserDefaultsStore() {
            @Override
            public java.util.Optional<dev.atelier.core.settings.UserDefaults> find(String platform, String user) {
                return user.equals("u") ? java.util.Optional.of(new dev.atelier.core.settings.UserDefaults(null, null,
                        "anime", null)) : java.util.Optional.empty();
            }

            @Override
            public void save(java.util.UUID userId, dev.atelier.core.settings.UserDefaults defaults) {
            }
        };
        TurnRequest both = new TurnRequest(TurnLimits.defaults(), new TaskRouter(), store,
                dev.atelier.core.image.ModelCatalog.NONE, "watercolor");

        assertThat(both.check(message("a cat", Inbound.Options.NONE)).settings().style()).isEqualTo("anime");
        assertThat(both.check(new Inbound("web", "c", "someone-else", "x", null, null, "a cat", null, null,
                Inbound.Options.NONE, null, null, null)).settings().style()).isEqualTo("watercolor");
        assertThat(both.check(message("a cat --style none", Inbound.Options.NONE)).settings().style()).isNull();
    }
}
