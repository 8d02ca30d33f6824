package dev.atelier.tests.turn;

import dev.atelier.core.settings.UserDefaults;
import dev.atelier.core.settings.UserSettings;
import dev.atelier.core.turn.RejectedTurnException;
import dev.atelier.tests.support.Api;
import dev.atelier.tests.support.RunningAtelier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A person's own defaults (what /settings sets in the chats), stored in PostgreSQL and applied to
 * their next messages, through the real app; the HTTP API's X-Atelier-User is the same person
 * ("web" platform) as a chat user is on theirs.
 */
@DisplayName("Per-user defaults (/settings)")
class UserDefaultsTest {

    private final RunningAtelier atelier = RunningAtelier.shared();
    private final Api api = atelier.api();
    private final UserSettings settings = atelier.context().getBean(UserSettings.class);

    private Map<String, Object> turnAs(String user, Map<String, String> form) {
        String conversation = api.createConversation();
        Api.Reply reply = api.postMessage(conversation, form, Map.of("X-Atelier-User", user));
        assertThat(reply.status()).as(reply.text()).isEqualTo(202);
        return api.awaitJob((String) reply.json().get("jobId"), java.time.Duration.ofSeconds(60));
    }

    @Test
    @SuppressWarnings("unchecked")
    void savedDefaultsShapeTheNextMessagesOfThatPersonOnly() {
        String me = "defaults-" + UUID.randomUUID();
        String someoneElse = "other-" + UUID.randomUUID();
        settings.update("web", me, me, d -> new UserDefaults(3, "2:1", "anime", 4242L));

        Map<String, Object> mine = turnAs(me, Map.of("text", "a fox in the snow"));
        Map<String, Object> theirs = turnAs(someoneElse, Map.of("text", "a fox in the snow", "steps", "2",
                "width", "64", "height", "64"));

        Map<String, Object> s = (Map<String, Object>) mine.get("settings");
        assertThat(mine.get("status")).as("%s", mine).isEqualTo("done");
        assertThat(s.get("steps")).isEqualTo(3);
        assertThat(s.get("seed")).isEqualTo(4242);
        assertThat(s.get("style")).isEqualTo("anime");
        // 2:1 at about the default pixel count, in whole 8-pixel blocks (728×360 for 512²).
        assertThat((double) (int) s.get("width") / (int) s.get("height")).isCloseTo(2.0, org.assertj.core.data.Offset.offset(0.05));
        Map<String, Object> o = (Map<String, Object>) theirs.get("settings");
        assertThat(o.get("style")).isNull();
        assertThat(o.get("width")).isEqualTo(64);
    }

    @Test
    @SuppressWarnings("unchecked")
    void whatTheMessageSaysWinsOverTheDefaults() {
        String me = "override-" + UUID.randomUUID();
        settings.update("web", me, me, d -> new UserDefaults(3, "16:9", "anime", 7L));

        Map<String, Object> job = turnAs(me, Map.of("text", "a castle --style watercolor --ar 1:1", "steps", "2",
                "seed", "99"));

        Map<String, Object> s = (Map<String, Object>) job.get("settings");
        assertThat(s.get("steps")).isEqualTo(2);
        assertThat(s.get("seed")).isEqualTo(99);
        assertThat(s.get("style")).isEqualTo("watercolor");
        assertThat(s.get("width")).isEqualTo(s.get("height"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void resetGoesBackToTheConfiguredDefaults() {
        String me = "reset-" + UUID.randomUUID();
        settings.update("web", me, me, d -> d.withStyle("pixel-art").withSteps(2));
        assertThat(settings.of("web", me)).isEqualTo(new UserDefaults(2, null, "pixel-art", null));

        settings.reset("web", me, me);

        assertThat(settings.of("web", me)).isEqualTo(UserDefaults.NONE);
        Map<String, Object> job = turnAs(me, Map.of("text", "a castle", "steps", "2", "width", "64", "height", "64"));
        assertThat(((Map<String, Object>) job.get("settings")).get("style")).isNull();
    }

    @Test
    void badValuesAreRefusedInWordsAndNothingIsStored() {
        String me = "bad-" + UUID.randomUUID();
        settings.update("web", me, me, d -> d.withSteps(4));

        assertThatThrownBy(() -> settings.update("web", me, me, d -> d.withSteps(0)))
                .isInstanceOf(RejectedTurnException.class).hasMessageContaining("steps must be between 1 and");
        assertThatThrownBy(() -> settings.update("web", me, me, d -> d.withAspect("9:1")))
                .isInstanceOf(RejectedTurnException.class).hasMessageContaining("between 1:4 and 4:1");
        assertThatThrownBy(() -> settings.update("web", me, me, d -> d.withAspect("wide")))
                .isInstanceOf(RejectedTurnException.class).hasMessageContaining("written like 16:9");
        assertThatThrownBy(() -> settings.update("web", me, me, d -> d.withStyle("vaporwave")))
                .isInstanceOf(RejectedTurnException.class).hasMessageContaining("Unknown style 'vaporwave'");
        assertThatThrownBy(() -> settings.update("web", me, me, d -> d.withSeed(-1L)))
                .isInstanceOf(RejectedTurnException.class).hasMessageContaining("seed must be 0 or more");

        assertThat(settings.of("web", me)).isEqualTo(new UserDefaults(4, null, null, null));
    }
}
