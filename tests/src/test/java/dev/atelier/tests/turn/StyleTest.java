package dev.atelier.tests.turn;

import dev.atelier.core.image.StylePreset;
import dev.atelier.tests.support.Api;
import dev.atelier.tests.support.RunningAtelier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Named styles through the HTTP API")
class StyleTest {

    private final Api api = RunningAtelier.shared().api();

    private static String words(String style) {
        return StylePreset.find(style).orElseThrow().words();
    }

    @Test
    @SuppressWarnings("unchecked")
    void aTypedStyleEndsTheVisiblePromptAndIsStoredWithTheJobAndTheTurns() {
        String conversation = api.createConversation();

        Map<String, Object> job = api.turn(conversation, Map.of("text", "a fox in the snow --style anime",
                "width", "64", "height", "64", "steps", "2"));

        assertThat(job.get("status")).as("job: %s", job).isEqualTo("done");
        String prompt = ((List<String>) job.get("prompts")).getFirst();
        assertThat(prompt).contains("fox").endsWith(", " + words("anime"));
        assertThat(((Map<String, Object>) job.get("settings")).get("style")).isEqualTo("anime");

        Map<String, Object> view = api.get("/api/conversations/" + conversation).json();
        List<Map<String, Object>> turns = (List<Map<String, Object>>) view.get("turns");
        assertThat(turns.get(0).get("text")).isEqualTo("a fox in the snow");
        assertThat(turns).allSatisfy(t -> assertThat(((Map<String, Object>) t.get("settings")).get("style"))
                .isEqualTo("anime"));
        assertThat(turns.get(1).get("prompts")).isEqualTo(job.get("prompts"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void theStyleFormFieldDoesTheSame() {
        String conversation = api.createConversation();

        Map<String, Object> job = api.turn(conversation, Map.of("text", "a harbour at dawn", "style", "watercolor",
                "width", "64", "height", "64", "steps", "2"));

        assertThat(((List<String>) job.get("prompts")).getFirst()).endsWith(", " + words("watercolor"));
        assertThat(((Map<String, Object>) job.get("settings")).get("style")).isEqualTo("watercolor");
    }

    @Test
    void anUnknownStyleIsRefusedWithTheNames() {
        String conversation = api.createConversation();

        Api.Reply reply = api.postMessage(conversation, Map.of("text", "a cat", "style", "vaporwave"));
        Api.Reply typed = api.postMessage(conversation, Map.of("text", "a cat --style vaporwave"));

        for (Api.Reply r : List.of(reply, typed)) {
            assertThat(r.status()).as(r.text()).isEqualTo(400);
            assertThat((String) r.json().get("detail")).contains("vaporwave").contains(StylePreset.names());
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void aFollowUpWithoutAStyleDoesNotInheritIt() {
        String conversation = api.createConversation();
        api.turn(conversation, Map.of("text", "a red sailboat --style pixel-art", "width", "64", "height", "64",
                "steps", "2"));

        Map<String, Object> second = api.turn(conversation, Map.of("text", "make it night",
                "width", "64", "height", "64", "steps", "2"));

        assertThat(second.get("status")).as("follow-up: %s", second).isEqualTo("done");
        assertThat(((Map<String, Object>) second.get("settings")).get("style")).isNull();
        assertThat(((List<String>) second.get("prompts")).getFirst()).contains("sailboat")
                .doesNotContain(words("pixel-art"));
    }
}
