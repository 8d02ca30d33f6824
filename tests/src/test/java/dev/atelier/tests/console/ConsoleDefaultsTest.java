package dev.atelier.tests.console;

import dev.atelier.admin.account.Role;
import dev.atelier.core.job.JobStore;
import dev.atelier.inference.tiny.TinyModelGenerator;
import dev.atelier.tests.support.Api;
import dev.atelier.tests.support.RunningAtelier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("The default model and scheduler set in the console apply to the next message, without a restart")
class ConsoleDefaultsTest {

    private static RunningAtelier atelier;
    private static Api api;
    private static ConsoleClient admin;

    @BeforeAll
    static void start() {
        // GIVEN a second tiny text-to-image model installed beside the configured (generated) one
        Path data = RunningAtelier.newDataDir();
        TinyModelGenerator.writeVariantIfMissing(data.resolve("models").resolve("tiny-b"), 1);
        atelier = RunningAtelier.onTestServers(Map.of(), data);
        api = atelier.api();
        String password = ConsoleClient.createAccount(atelier, "root", Role.ADMIN);
        admin = new ConsoleClient(atelier);
        assertThat(admin.signIn("root", password).status()).isEqualTo(303);
    }

    @AfterAll
    static void stop() {
        atelier.close();
    }

    /** Every setting back to the configured one. */
    @AfterEach
    void configured() {
        assertThat(save(Map.of()).status()).isEqualTo(303);
    }

    private static ConsoleClient.Page save(Map<String, String> values) {
        Map<String, String> form = new HashMap<>(values);
        form.put("_csrf", admin.get("/admin/settings").csrf());
        return admin.post("/admin/settings", form);
    }

    /** The same message each time: a picture depends only on the model and the scheduler; an empty extra leaves its field out. */
    private static Map<String, Object> turn(Map<String, ?> extra) {
        Map<String, Object> form = new HashMap<>(Map.of("text", "a lighthouse at dusk", "width", "64", "height", "64",
                "steps", "3", "seed", "57"));
        form.putAll(extra);
        form.values().removeIf(""::equals);
        Map<String, Object> job = api.turn(api.createConversation(), form);
        assertThat(job.get("status")).as("job %s", job).isEqualTo("done");
        return job;
    }

    @SuppressWarnings("unchecked")
    private static byte[] imageOf(Map<String, Object> job) {
        return api.get(((List<String>) job.get("images")).getFirst()).body();
    }

    @SuppressWarnings("unchecked")
    private static Object setting(Map<String, Object> job, String name) {
        return ((Map<String, Object>) job.get("settings")).get(name);
    }

    @Test
    void theDefaultModelRunsTheNextMessageThatNamesNone() {
        Map<String, Object> configured = turn(Map.of());
        Map<String, Object> namedB = turn(Map.of("model", "tiny-b"));
        assertThat(admin.get("/admin/settings").body()).contains("<option value=\"tiny-b\">tiny-b</option>")
                .doesNotContain("<option value=\"tiny-sd-inpaint\"");

        // WHEN an admin makes tiny-b the default model
        assertThat(save(Map.of("default-model", "tiny-b")).status()).isEqualTo(303);

        // THEN the next message without a model runs on tiny-b: its picture is tiny-b's
        Map<String, Object> byDefault = turn(Map.of());
        assertThat(setting(byDefault, "model")).isEqualTo("tiny-b");
        assertThat(imageOf(byDefault)).isEqualTo(imageOf(namedB)).isNotEqualTo(imageOf(configured));
        assertThat(admin.get("/admin/audit?action=settings").body()).contains("setting:default-model");

        // AND back on the configured model, the next message makes the configured model's picture
        assertThat(save(Map.of()).status()).isEqualTo(303);
        Map<String, Object> again = turn(Map.of());
        assertThat(setting(again, "model")).isNull();
        assertThat(imageOf(again)).isEqualTo(imageOf(configured));
    }

    @Test
    void anUnknownOrInpaintingDefaultModelIsRefusedAndNothingIsStored() {
        assertThat(save(Map.of("default-model", "tiny-b", "default-steps", "4")).status()).isEqualTo(303);

        ConsoleClient.Page unknown = save(Map.of("default-model", "sd-xl", "default-steps", "5"));
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.body()).contains("no model named &#39;sd-xl&#39; is installed").contains("tiny-b")
                .doesNotContain("Exception");
        ConsoleClient.Page inpainting = save(Map.of("default-model", "tiny-sd-inpaint"));
        assertThat(inpainting.status()).isEqualTo(400);
        assertThat(inpainting.body()).contains("inpainting model");

        // Nothing of the refused forms was stored: the next message still runs on tiny-b with 4 steps.
        Map<String, Object> next = turn(Map.of("steps", ""));
        assertThat(setting(next, "model")).isEqualTo("tiny-b");
        assertThat(setting(next, "steps")).isEqualTo(4);
    }

    @Test
    void theDefaultSchedulerIsStoredWithTheNextJobAndChangesItsPicture() {
        Map<String, Object> own = turn(Map.of());
        assertThat(setting(own, "scheduler")).isNull();

        // WHEN an admin picks DDIM (the tiny model's own is Euler: its config names PNDM, which Atelier lacks)
        assertThat(save(Map.of("default-scheduler", "DDIM")).status()).isEqualTo(303);

        // THEN the next job is stored with DDIM, and the same seed makes another picture
        Map<String, Object> ddim = turn(Map.of());
        assertThat(setting(ddim, "scheduler")).isEqualTo("DDIM");
        assertThat(atelier.context().getBean(JobStore.class).find(UUID.fromString((String) ddim.get("id")))
                .orElseThrow().settings().scheduler()).as("stored, for a retry").isEqualTo("DDIM");
        assertThat(imageOf(ddim)).isNotEqualTo(imageOf(own));
        Map<String, Object> ddimAgain = turn(Map.of());
        assertThat(imageOf(ddimAgain)).isEqualTo(imageOf(ddim));

        // AND "the model's own" goes back to the model's scheduler
        assertThat(save(Map.of("default-scheduler", "model")).status()).isEqualTo(303);
        Map<String, Object> back = turn(Map.of());
        assertThat(setting(back, "scheduler")).isNull();
        assertThat(imageOf(back)).isEqualTo(imageOf(own));
        assertThat(admin.get("/admin/audit?action=settings").body()).contains("setting:default-scheduler");
    }

    @Test
    void anUnknownSchedulerIsRefusedWithTheNames() {
        ConsoleClient.Page bad = save(Map.of("default-scheduler", "Heun"));

        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("no scheduler named &#39;Heun&#39;")
                .contains("DDIM, Euler, Euler a, DPM++ 2M, DPM++ 2M Karras, LCM, model");
        assertThat(setting(turn(Map.of()), "scheduler")).isNull();
    }

    @Test
    void aMessagesSchedulerFieldWinsOverTheDefaultAndAnUnknownOneIsRefusedWithTheNames() {
        assertThat(save(Map.of("default-scheduler", "DDIM")).status()).isEqualTo(303);

        assertThat(setting(turn(Map.of("scheduler", "euler a")), "scheduler")).isEqualTo("Euler a");
        assertThat(setting(turn(Map.of("scheduler", "model")), "scheduler")).isNull();
        Api.Reply bad = api.postMessage(api.createConversation(), Map.of("text", "a cat", "scheduler", "Heun"));
        assertThat(bad.status()).as(bad.text()).isEqualTo(400);
        assertThat((String) bad.json().get("detail")).isEqualTo("Unknown scheduler 'Heun'. Use one of: DDIM, Euler, Euler a, "
                + "DPM++ 2M, DPM++ 2M Karras, LCM, model (the model's own).");
    }
}
