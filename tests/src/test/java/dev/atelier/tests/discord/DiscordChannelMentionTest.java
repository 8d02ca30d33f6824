package dev.atelier.tests.discord;

import dev.atelier.core.conversation.ConversationStore;
import dev.atelier.core.conversation.Turn;
import dev.atelier.tests.discord.FakeDiscord.Call;
import dev.atelier.tests.support.RunningAtelier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** In a server's text channel the bot answers the messages that mention it, and only those. */
@DisplayName("Atelier mentioned in a Discord channel")
class DiscordChannelMentionTest {

    private static FakeDiscord discord;
    private static RunningAtelier atelier;
    private static String guild;
    private static String channel;

    @BeforeAll
    static void start() {
        discord = new FakeDiscord();
        guild = discord.nextId();
        channel = discord.nextId();
        discord.gateway.joinGuild(DiscordPayloads.guild(guild, channel));
        atelier = RunningAtelier.onTestServers(DiscordAteliers.settings(discord));
        discord.awaitBotConnected();
    }

    @AfterAll
    static void stop() {
        if (atelier != null) atelier.close();
        if (discord != null) discord.close();
    }

    @Test
    void aMessageThatMentionsTheBotGetsAReplyThatBecomesThePicture() {
        DiscordUser alice = new DiscordUser(discord);
        String messageId = discord.nextId();
        discord.gateway.dispatch("MESSAGE_CREATE", DiscordPayloads.mentionInGuild(messageId, guild, channel, alice.id,
                "a harbour at dawn"));

        // The bot answers that message at once, and its answer becomes the picture.
        discord.await("the picture", DiscordUser.TURN, () -> pictures().stream().anyMatch(c -> c.embeds().toString().contains("harbour")));
        assertThat(discord.calls(c -> c.is("POST", "channels/" + channel + "/messages")))
                .anySatisfy(status -> assertThat(status.json().get("message_reference").toString()).contains(messageId));
        Call picture = pictures().stream().filter(c -> c.embeds().toString().contains("harbour")).findFirst().orElseThrow();
        // The mention is not part of the prompt.
        assertThat(picture.embeds().getFirst().get("description").toString()).doesNotContain("<@");
    }

    @Test
    void aMessageThatDoesNotMentionTheBotIsLeftAlone() {
        DiscordUser bob = new DiscordUser(discord);
        var message = DiscordPayloads.mentionInGuild(discord.nextId(), guild, channel, bob.id, "just chatting");
        message.put("content", "just chatting about boats");
        message.put("mentions", List.of());
        int before = discord.calls().size();

        discord.gateway.dispatch("MESSAGE_CREATE", message);

        DiscordUser.settle();
        assertThat(discord.calls().subList(before, discord.calls().size()))
                .noneMatch(c -> c.path().startsWith("channels/" + channel));
    }

    @Test
    void twoPeopleInOneChannelEachKeepTheirOwnConversation() {
        DiscordUser carol = new DiscordUser(discord);
        DiscordUser dave = new DiscordUser(discord);
        int before = pictures().size();
        discord.gateway.dispatch("MESSAGE_CREATE", DiscordPayloads.mentionInGuild(discord.nextId(), guild, channel, carol.id,
                "a lighthouse in fog"));
        discord.gateway.dispatch("MESSAGE_CREATE", DiscordPayloads.mentionInGuild(discord.nextId(), guild, channel, dave.id,
                "a bowl of cherries"));
        discord.await("both pictures", DiscordUser.TURN, () -> pictures().size() >= before + 2);

        ConversationStore conversations = atelier.context().getBean(ConversationStore.class);
        var carols = conversations.findLatest("discord", channel + ":" + carol.id).orElseThrow();
        var daves = conversations.findLatest("discord", channel + ":" + dave.id).orElseThrow();
        assertThat(carols.id()).isNotEqualTo(daves.id());
        assertThat(conversations.turns(carols.id())).extracting(Turn::text).contains("a lighthouse in fog").doesNotContain("a bowl of cherries");
    }

    private static List<Call> pictures() {
        return discord.calls(c -> c.is("PATCH", "channels/" + channel + "/messages/\\d+") && !c.files().isEmpty());
    }
}
