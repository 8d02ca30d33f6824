package dev.atelier.telegram;

import dev.atelier.core.delivery.ResultAction;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class ResultKeyboardTest {

    @Test
    void everyButtonFitsTelegramsSixtyFourBytesOfCallbackData() {
        for (ResultAction a : ResultAction.values()) {
            String data = a.data("Ab3dE9xYz012", 9);
            assertThat(data.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(64);
            assertThat(ResultAction.parse(data)).contains(new ResultAction.Press(a, "Ab3dE9xYz012", 9));
        }
        assertThat(ResultAction.parse("nonsense")).isEmpty();
        assertThat(ResultAction.parse("x:key:1")).isEmpty();
        assertThat(ResultAction.parse("r:key:one")).isEmpty();
    }

    @Test
    void theKeyboardCarriesTheSameCallbackDataAsBeforeTheFold() {
        var rows = ResultKeyboard.keyboard("k3y", 2).getKeyboard();
        assertThat(rows).hasSize(3);
        assertThat(rows.stream().flatMap(r -> r.stream()).map(b -> b.getCallbackData()).toList())
                .containsExactly("r:k3y:2", "v:k3y:2", "L:k3y:2", "R:k3y:2", "U:k3y:2", "D:k3y:2", "Z:k3y:2");
    }
}
