package dev.atelier.tests.discord;

import dev.atelier.core.job.JobStore;
import dev.atelier.tests.discord.DiscordUser.Sent;
import dev.atelier.tests.discord.FakeDiscord.Call;
import dev.atelier.tests.support.RunningAtelier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Results of jobs that finished while no bot was running are posted once, where their people wait. */
@DisplayName("Discord results across a bot restart")
class DiscordRestartTest {

    @Test
    void anInteractionAndADirectMessageWhoseJobsFinishedWhileTheBotWasDownGetTheirPicturesOnceWhenItStarts() {
        Path data = RunningAtelier.newDataDir();
        try (FakeDiscord discord = new FakeDiscord()) {
            DiscordUser user = new DiscordUser(discord);
            Sent imagine;
            // GIVEN a bot-only Atelier (no worker) that acknowledged a /imagine and answered a DM
            try (RunningAtelier bot = RunningAtelier.embedded(data, with(discord, "bot"))) {
                awaitLogin(discord, 1);
                imagine = user.imagine("a lantern on a jetty");
                user.write("a heron in the reeds");
                discord.await("the reply's queue position", DiscordUser.TURN, () -> !user.edits(imagine).isEmpty());
                discord.await("the DM's status message", DiscordUser.TURN, () ->
                        !discord.calls(c -> c.is("POST", "channels/" + user.channel + "/messages")).isEmpty());
            }

            // AND a worker that ran both jobs while no bot was there to hear of them
            try (RunningAtelier worker = RunningAtelier.embedded(data, with(discord, "worker"))) {
                JobStore jobs = worker.context().getBean(JobStore.class);
                discord.await("the jobs to finish", DiscordUser.TURN, () -> jobs.unfinished().isEmpty());
            }
            assertThat(pictures(discord, user, imagine)).isEmpty();

            // WHEN the bot starts again
            try (RunningAtelier bot = RunningAtelier.embedded(data, with(discord, "bot"))) {
                // THEN the interaction's reply becomes its picture (through its token) and so does the DM's status message
                discord.await("both pictures", DiscordUser.TURN, () -> pictures(discord, user, imagine).size() == 2);
                DiscordUser.settle();
                List<Call> pictures = pictures(discord, user, imagine);
                assertThat(pictures).hasSize(2);
                assertThat(pictures).anySatisfy(c -> assertThat(c.embeds().toString()).contains("lantern"));
                assertThat(pictures).anySatisfy(c -> assertThat(c.embeds().toString()).contains("heron"));
            }
        }
    }

    private static void awaitLogin(FakeDiscord discord, int times) {
        discord.await("the bot to connect", DiscordUser.TURN, () ->
                discord.calls(c -> c.is("PUT", "applications/\\d+/commands")).size() >= times);
    }

    private static List<Call> pictures(FakeDiscord discord, DiscordUser user, Sent imagine) {
        return discord.calls(c -> !c.files().isEmpty() && (c.is("PATCH", "webhooks/\\d+/" + imagine.token() + "/messages/\\@original")
                || c.is("PATCH", "channels/" + user.channel + "/messages/\\d+")));
    }

    private static Map<String, Object> with(FakeDiscord discord, String role) {
        Map<String, Object> p = new HashMap<>(DiscordAteliers.settings(discord));
        p.put("atelier.role", role);
        return p;
    }
}
