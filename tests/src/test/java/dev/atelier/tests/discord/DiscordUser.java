package dev.atelier.tests.discord;

import dev.atelier.tests.discord.FakeDiscord.Call;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** One person talking to the bot in its DMs through the fake Discord: what they do and what they see. */
final class DiscordUser {

    static final Duration TURN = Duration.ofSeconds(60);
    private static final AtomicLong USERS = new AtomicLong(900_000_000_000_000_000L);

    /** An interaction the person started: Discord names it by id and lets the bot answer with its token. */
    record Sent(String id, String token) {
    }

    private final FakeDiscord discord;
    final String id;
    /** Their DM channel with the bot. */
    final String channel;

    DiscordUser(FakeDiscord discord) {
        this.discord = discord;
        this.id = String.valueOf(USERS.addAndGet(10));
        this.channel = String.valueOf(Long.parseLong(id) + 1);
    }

    // ---- what they do --------------------------------------------------------------------

    Sent imagine(String prompt) {
        return imagine(Map.of("prompt", prompt));
    }

    /** {@code /imagine} with these options (strings and integers, as Discord types them). */
    Sent imagine(Map<String, Object> options) {
        Sent s = next();
        discord.gateway.dispatch("INTERACTION_CREATE", slashCommand(s, options));
        return s;
    }

    /** Any slash command, with attachment options ({@link FakeDiscord#attachment}) by option name. */
    Sent command(String name, Map<String, Object> options, Map<String, Map<String, Object>> attachments) {
        Sent s = next();
        discord.gateway.dispatch("INTERACTION_CREATE", DiscordPayloads.slashCommandWithFiles(s.id(), s.token(), name, options,
                attachments, channel, id));
        return s;
    }

    /** Sends the form {@code formId} with {@code value} in its field {@code inputId}. */
    Sent submitForm(String formId, String inputId, String value) {
        Sent s = next();
        discord.gateway.dispatch("INTERACTION_CREATE", DiscordPayloads.modalSubmit(s.id(), s.token(), formId, inputId, value, channel, id));
        return s;
    }

    /** Replies in the DM to the bot's message {@code botMessage} (as the bot last wrote it); returns the reply's id. */
    String replyTo(String botMessageId, Map<String, Object> botMessageJson, String text) {
        String messageId = discord.nextId();
        discord.gateway.dispatch("MESSAGE_CREATE", DiscordPayloads.replyInDm(messageId, channel, id, text,
                DiscordPayloads.botMessage(botMessageId, channel, botMessageJson)));
        return messageId;
    }

    Map<String, Object> slashCommand(Sent s, Map<String, Object> options) {
        return DiscordPayloads.slashCommand(s.id(), s.token(), "1", "imagine", options, channel, id);
    }

    Sent press(String customId) {
        Sent s = next();
        discord.gateway.dispatch("INTERACTION_CREATE", DiscordPayloads.buttonPress(s.id(), s.token(), customId,
                discord.nextId(), channel, id));
        return s;
    }

    /** Writes {@code text} in the DM; returns the message's id. */
    String write(String text) {
        return write(text, List.of());
    }

    /** Writes {@code text} with attachments ({@link FakeDiscord#attachment}); returns the message's id. */
    String write(String text, List<Map<String, Object>> attachments) {
        String messageId = discord.nextId();
        discord.gateway.dispatch("MESSAGE_CREATE", DiscordPayloads.directMessage(messageId, channel, id, text, attachments));
        return messageId;
    }

    /** The bot's replies in the DM that became a picture. */
    List<Call> pictures() {
        return discord.calls(c -> c.is("PATCH", "channels/" + channel + "/messages/\\d+") && isPicture(c));
    }

    Sent next() {
        String interaction = discord.nextId();
        return new Sent(interaction, "tok-" + interaction);
    }

    // ---- what they see -------------------------------------------------------------------

    /** How the bot acknowledged the interaction. */
    List<Call> callback(Sent s) {
        return discord.calls(c -> c.is("POST", "interactions/" + s.id() + "/" + s.token() + "/callback"));
    }

    /** Every edit of the interaction's reply, in order. */
    List<Call> edits(Sent s) {
        return discord.calls(c -> c.is("PATCH", "webhooks/" + DiscordPayloads.APP_ID + "/" + s.token() + "/messages/\\@original"));
    }

    /** Messages sent after the acknowledgement (ephemeral ones carry flag 64). */
    List<Call> followUps(Sent s) {
        return discord.calls(c -> c.is("POST", "webhooks/" + DiscordPayloads.APP_ID + "/" + s.token()));
    }

    /** The edit that put the picture in the reply. */
    Call awaitPicture(Sent s) {
        discord.await("the picture in the reply to " + s.id(), TURN, () -> edits(s).stream().anyMatch(DiscordUser::isPicture));
        return edits(s).stream().filter(DiscordUser::isPicture).findFirst().orElseThrow();
    }

    /** A result: an edit with files and the prompt embed (a progress edit's preview has no embed). */
    static boolean isPicture(Call c) {
        return !c.files().isEmpty() && !c.embeds().isEmpty();
    }

    /** Long enough for a wrong second job to have posted its picture. */
    static void settle() {
        try {
            Thread.sleep(1500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
