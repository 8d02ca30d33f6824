package dev.atelier.tests.turn;

import dev.atelier.core.image.StylePreset;
import dev.atelier.tests.support.Api;
import dev.atelier.tests.support.RunningAtelier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("ATELIER_DEFAULT_STYLE: a look for messages that name none, without the refiner's own")
class DefaultStyleTest {

    private static RunningAtelier atelier;
    private static Api api;

    @BeforeAll
    static void start() {
        atelier = RunningAtelier.onTestServers(Map.of("atelier.generation.default-style", "pixel-art"));
        api = atelier.api();
    }

    @AfterAll
    static void stop() {
        atelier.close();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> turn(String text) {
        Map<String, Object> job = api.turn(api.createConversation(), Map.of("text", text, "width", "64",
                "height", "64", "steps", "2"));
        assertThat(job.get("status")).as("job %s", job).isEqualTo("done");
        return job;
    }

    @SuppressWarnings("unchecked")
    private static String prompt(Map<String, Object> job) {
        return ((List<String>) job.get("prompts")).getFirst();
    }

    @SuppressWarnings("unchecked")
    private static Object style(Map<String, Object> job) {
        return ((Map<String, Object>) job.get("settings")).get("style");
    }

    @Test
    void aMessageWithoutAStyleGetsTheDefaultAndOnlyItsLook() {
        Map<String, Object> job = turn("a lighthouse on a cliff");

        assertThat(style(job)).isEqualTo("pixel-art");
        assertThat(prompt(job)).startsWith("a lighthouse on a cliff")
                .endsWith(", " + StylePreset.find("pixel-art").orElseThrow().words())
                .doesNotContain("digital painting").doesNotContain("concept art").doesNotContain("highly detailed");
    }

    @Test
    void aNamedStyleWinsAndNoneOptsOut() {
        assertThat(style(turn("a lighthouse --style anime"))).isEqualTo("anime");

        Map<String, Object> none = turn("a lighthouse --style none");
        assertThat(style(none)).isNull();
        assertThat(prompt(none)).contains("digital painting").doesNotContain("pixel art");
    }

    @Test
    void anUnknownDefaultStyleStopsTheStart() {
        assertThatThrownBy(() -> RunningAtelier.onTestServers(Map.of("atelier.generation.default-style", "vaporwave")).close())
                .hasStackTraceContaining("the default style 'vaporwave' is not one of");
    }
}
