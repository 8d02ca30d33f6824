package dev.atelier.tests.discord;

import dev.atelier.tests.support.RunningAtelier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A bot split over two shards: each shard identifies as itself and the events of each are answered. */
@DisplayName("Discord with two shards")
class DiscordShardsTest {

    private static FakeDiscord discord;
    private static RunningAtelier atelier;
    private static String guild;
    private static String channel;

    @BeforeAll
    static void start() {
        discord = new FakeDiscord();
        // A guild that lives on shard 1 of 2: Discord's rule is (guild_id >> 22) % shards.
        do {
            guild = discord.nextId();
        } while ((Long.parseLong(guild) >>> 22) % 2 != 1);
        channel = discord.nextId();
        discord.gateway.joinGuild(DiscordPayloads.guild(guild, channel));
        Map<String, Object> settings = new HashMap<>(DiscordAteliers.settings(discord));
        settings.put("atelier.discord.shards", 2);
        atelier = RunningAtelier.onTestServers(settings);
        discord.await("both shards to connect", DiscordUser.TURN, () -> discord.gateway.ready(0) && discord.gateway.ready(1)
                && !discord.calls(c -> c.is("PUT", "applications/\\d+/commands")).isEmpty());
    }

    @AfterAll
    static void stop() {
        if (atelier != null) atelier.close();
        if (discord != null) discord.close();
    }

    @Test
    @SuppressWarnings("unchecked")
    void eachShardIdentifiesAsItselfAndTheCommandsAreRegisteredOnce() {
        List<Object> shards = discord.gateway.received().stream().filter(p -> ((Number) p.get("op")).intValue() == 2)
                .map(p -> ((Map<String, Object>) p.get("d")).get("shard")).toList();
        assertThat(shards).containsExactlyInAnyOrder(List.of(0, 2), List.of(1, 2));
        DiscordUser.settle();
        assertThat(discord.calls(c -> c.is("PUT", "applications/\\d+/commands"))).hasSize(1);
    }

    @Test
    void aDirectMessageOnShardZeroAndAMentionOnShardOneAreBothAnswered() {
        DiscordUser user = new DiscordUser(discord);
        user.write("a red balloon");
        discord.gateway.dispatch(1, "MESSAGE_CREATE", DiscordPayloads.mentionInGuild(discord.nextId(), guild, channel, user.id,
                "a blue kite"));

        discord.await("the DM's picture", DiscordUser.TURN, () -> !user.pictures().isEmpty());
        discord.await("the channel's picture", DiscordUser.TURN, () -> !discord.calls(c ->
                c.is("PATCH", "channels/" + channel + "/messages/\\d+") && !c.files().isEmpty()).isEmpty());
    }
}
