package dev.atelier.tests.turn;

import dev.atelier.tests.support.Api;
import dev.atelier.tests.support.RunningAtelier;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SeedTest {

    private final Api api = RunningAtelier.shared().api();

    private byte[] imageFor(String seed) {
        String conversation = api.createConversation();
        Map<String, Object> job = api.turn(conversation, Map.of("text", "a castle in the mist",
                "width", "64", "height", "64", "steps", "4", "seed", seed));
        @SuppressWarnings("unchecked")
        List<String> images = (List<String>) job.get("images");
        return api.get(images.getFirst()).body();
    }

    @Test
    void theSameSeedAndSettingsGiveTheSamePngByteForByte() {
        assertThat(imageFor("1234")).isEqualTo(imageFor("1234"));
    }

    @Test
    void anotherSeedGivesAnotherImage() {
        assertThat(imageFor("1234")).isNotEqualTo(imageFor("4321"));
    }
}
