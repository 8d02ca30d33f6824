package dev.atelier.tests.discord;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** What Discord sends, in its JSON shapes (API v10), as far as JDA reads them. */
final class DiscordPayloads {

    static final String BOT_ID = "123456789012345678";
    /** A bot's application id is its user id. */
    static final String APP_ID = BOT_ID;

    private DiscordPayloads() {
    }

    static Map<String, Object> botUser() {
        return user(BOT_ID, "Atelier", true);
    }

    static Map<String, Object> user(String id, String name, boolean bot) {
        Map<String, Object> u = new LinkedHashMap<>();
        u.put("id", id);
        u.put("username", name);
        u.put("global_name", name);
        u.put("discriminator", "0");
        u.put("avatar", null);
        u.put("bot", bot);
        u.put("flags", 0);
        u.put("public_flags", 0);
        return u;
    }

    /** A guild the bot is in, as GUILD_CREATE brings it: one text channel, the bot its only cached member. */
    static Map<String, Object> guild(String guildId, String channelId) {
        Map<String, Object> everyone = new LinkedHashMap<>();
        everyone.put("id", guildId);
        everyone.put("name", "@everyone");
        everyone.put("color", 0);
        everyone.put("hoist", false);
        everyone.put("position", 0);
        // VIEW_CHANNEL, SEND_MESSAGES, EMBED_LINKS, ATTACH_FILES, READ_MESSAGE_HISTORY
        everyone.put("permissions", String.valueOf((1L << 10) | (1L << 11) | (1L << 14) | (1L << 15) | (1L << 16)));
        everyone.put("managed", false);
        everyone.put("mentionable", false);
        everyone.put("flags", 0);
        Map<String, Object> colors = new HashMap<>();
        colors.put("primary_color", 0);
        colors.put("secondary_color", null);
        colors.put("tertiary_color", null);
        everyone.put("colors", colors);
        Map<String, Object> channel = new LinkedHashMap<>();
        channel.put("id", channelId);
        channel.put("type", 0);
        channel.put("guild_id", guildId);
        channel.put("name", "general");
        channel.put("position", 0);
        channel.put("permission_overwrites", List.of());
        channel.put("parent_id", null);
        channel.put("topic", null);
        channel.put("nsfw", false);
        channel.put("last_message_id", null);
        channel.put("rate_limit_per_user", 0);
        channel.put("flags", 0);
        Map<String, Object> g = new HashMap<>();
        g.put("id", guildId);
        g.put("name", "Atelier test guild");
        g.put("owner_id", "1");
        g.put("icon", null);
        g.put("splash", null);
        g.put("banner", null);
        g.put("description", null);
        g.put("vanity_url_code", null);
        g.put("preferred_locale", "en-US");
        g.put("roles", List.of(everyone));
        g.put("channels", List.of(channel));
        g.put("threads", List.of());
        g.put("guild_scheduled_events", List.of());
        g.put("emojis", List.of());
        g.put("stickers", List.of());
        g.put("soundboard_sounds", List.of());
        g.put("voice_states", List.of());
        g.put("presences", List.of());
        g.put("stage_instances", List.of());
        g.put("features", List.of());
        g.put("members", List.of(member(botUser())));
        g.put("member_count", 2);
        g.put("large", false);
        g.put("unavailable", false);
        g.put("afk_channel_id", null);
        g.put("system_channel_id", null);
        g.put("rules_channel_id", null);
        g.put("public_updates_channel_id", null);
        g.put("safety_alerts_channel_id", null);
        g.put("premium_subscription_count", 0);
        g.put("premium_tier", 0);
        g.put("max_members", 500_000);
        g.put("max_presences", null);
        g.put("mfa_level", 0);
        g.put("afk_timeout", 300);
        g.put("verification_level", 0);
        g.put("default_message_notifications", 0);
        g.put("explicit_content_filter", 0);
        g.put("nsfw_level", 0);
        g.put("premium_progress_bar_enabled", false);
        g.put("system_channel_flags", 0);
        g.put("joined_at", Instant.now().toString());
        return g;
    }

    static Map<String, Object> member(Map<String, Object> user) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (user != null) m.put("user", user);
        m.put("roles", List.of());
        m.put("joined_at", Instant.now().toString());
        m.put("deaf", false);
        m.put("mute", false);
        m.put("flags", 0);
        m.put("nick", null);
        return m;
    }

    /** A message in a guild channel that mentions the bot, as Discord renders a mention: {@code <@id>}. */
    static Map<String, Object> mentionInGuild(String id, String guildId, String channelId, String userId, String text) {
        Map<String, Object> m = message(id, channelId, user(userId, "painter", false), "<@" + BOT_ID + "> " + text);
        m.put("guild_id", guildId);
        m.put("member", member(null));
        Map<String, Object> mentioned = new LinkedHashMap<>(botUser());
        mentioned.put("member", member(null));
        m.put("mentions", List.of(mentioned));
        return m;
    }

    static Map<String, Object> ready(List<String> guildIds, String sessionId, String resumeUrl, int shard, int total) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("v", 10);
        d.put("user", botUser());
        d.put("guilds", guildIds.stream().map(id -> Map.of("id", id, "unavailable", true)).toList());
        d.put("private_channels", List.of());
        d.put("session_id", sessionId);
        d.put("resume_gateway_url", resumeUrl);
        d.put("shard", List.of(shard, total));
        d.put("application", Map.of("id", APP_ID, "flags", 0));
        d.put("user_settings", Map.of());
        d.put("relationships", List.of());
        d.put("presences", List.of());
        return d;
    }

    /**
     * The bot's DM channel with a user, as interactions carry it: the recipient is the bot (the
     * other side, seen from the user). A DM between two people, where a user-installed app is used,
     * would list the friend instead, and JDA would not let the bot post there.
     */
    static Map<String, Object> dmChannel(String channelId, String userId, String userName) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("id", channelId);
        c.put("type", 1);
        c.put("last_message_id", null);
        c.put("flags", 0);
        c.put("recipients", List.of(botUser()));
        return c;
    }

    private static Map<String, Object> interaction(String id, String token, int type, Map<String, Object> data,
                                                   String channelId, String userId, String userName) {
        Map<String, Object> i = new LinkedHashMap<>();
        i.put("id", id);
        i.put("application_id", APP_ID);
        i.put("type", type);
        i.put("data", data);
        i.put("channel_id", channelId);
        i.put("channel", dmChannel(channelId, userId, userName));
        i.put("user", user(userId, userName, false));
        i.put("token", token);
        i.put("version", 1);
        i.put("locale", "en-US");
        i.put("app_permissions", "562949953421311");
        i.put("entitlements", List.of());
        i.put("authorizing_integration_owners", Map.of("1", userId));
        i.put("context", 1);
        i.put("attachment_size_limit", 10_485_760);
        return i;
    }

    /** A slash command used in the bot's DM. {@code options}: name to value (strings and integers). */
    static Map<String, Object> slashCommand(String id, String token, String commandId, String name,
                                            Map<String, Object> options, String channelId, String userId) {
        List<Map<String, Object>> opts = new ArrayList<>();
        // Discord's option types: 3 string, 4 integer, 5 boolean, 10 number.
        options.forEach((k, v) -> opts.add(Map.of("name", k, "type",
                v instanceof Boolean ? 5 : v instanceof Double ? 10 : v instanceof Number ? 4 : 3, "value", v)));
        Map<String, Object> data = Map.of("id", commandId, "name", name, "type", 1, "options", opts);
        return interaction(id, token, 2, data, channelId, userId, "painter");
    }

    /** A press of the button {@code customId} on the bot's message {@code messageId}. */
    static Map<String, Object> buttonPress(String id, String token, String customId, String messageId,
                                           String channelId, String userId) {
        Map<String, Object> i = interaction(id, token, 3, Map.of("custom_id", customId, "component_type", 2),
                channelId, userId, "painter");
        i.put("message", botMessage(messageId, channelId, Map.of("content", "")));
        return i;
    }

    /** A slash command with one attachment option per entry of {@code attachments} (option name to attachment object). */
    @SuppressWarnings("unchecked")
    static Map<String, Object> slashCommandWithFiles(String id, String token, String name, Map<String, Object> options,
                                                     Map<String, Map<String, Object>> attachments, String channelId, String userId) {
        Map<String, Object> i = slashCommand(id, token, "3", name, options, channelId, userId);
        Map<String, Object> data = new LinkedHashMap<>((Map<String, Object>) i.get("data"));
        List<Map<String, Object>> opts = new ArrayList<>((List<Map<String, Object>>) data.get("options"));
        Map<String, Object> resolved = new LinkedHashMap<>();
        attachments.forEach((option, a) -> {
            opts.add(Map.of("name", option, "type", 11, "value", a.get("id")));
            resolved.put((String) a.get("id"), a);
        });
        data.put("options", opts);
        data.put("resolved", Map.of("attachments", resolved));
        i.put("data", data);
        return i;
    }

    /** The Edit form sent: one text input inside a label, as Discord sends modal submits now. */
    static Map<String, Object> modalSubmit(String id, String token, String modalId, String inputId, String value,
                                           String channelId, String userId) {
        Map<String, Object> input = Map.of("type", 4, "id", 2, "custom_id", inputId, "value", value);
        Map<String, Object> label = Map.of("type", 18, "id", 1, "component", input);
        return interaction(id, token, 5, Map.of("custom_id", modalId, "components", List.of(label)), channelId, userId, "painter");
    }

    /** A message a user wrote in the bot's DM. */
    static Map<String, Object> directMessage(String id, String channelId, String userId, String content,
                                             List<Map<String, Object>> attachments) {
        Map<String, Object> m = message(id, channelId, user(userId, "painter", false), content);
        m.put("attachments", attachments);
        return m;
    }

    /** A reply in the DM to the bot's message {@code repliedTo} (as Discord sends it: the message it refers to inside). */
    static Map<String, Object> replyInDm(String id, String channelId, String userId, String content, Map<String, Object> repliedTo) {
        Map<String, Object> m = directMessage(id, channelId, userId, content, List.of());
        m.put("type", 19);
        m.put("message_reference", Map.of("type", 0, "message_id", repliedTo.get("id"), "channel_id", channelId));
        m.put("referenced_message", repliedTo);
        return m;
    }

    /** A message the bot posted or edited: what it sent, with Discord's fields around it. */
    static Map<String, Object> botMessage(String id, String channelId, Map<String, Object> sent) {
        Map<String, Object> m = message(id, channelId, botUser(),
                sent == null || sent.get("content") == null ? "" : (String) sent.get("content"));
        m.put("application_id", APP_ID);
        if (sent != null && sent.get("components") != null) m.put("components", sent.get("components"));
        return m;
    }

    private static Map<String, Object> message(String id, String channelId, Map<String, Object> author, String content) {
        Map<String, Object> m = new HashMap<>();
        m.put("id", id);
        m.put("channel_id", channelId);
        m.put("author", author);
        m.put("content", content);
        m.put("timestamp", Instant.now().toString());
        m.put("edited_timestamp", null);
        m.put("tts", false);
        m.put("mention_everyone", false);
        m.put("mentions", List.of());
        m.put("mention_roles", List.of());
        m.put("attachments", List.of());
        m.put("embeds", List.of());
        m.put("components", List.of());
        m.put("pinned", false);
        m.put("type", 0);
        m.put("flags", 0);
        return m;
    }

    /** Discord echoes the commands with the ids it gave them. */
    @SuppressWarnings("unchecked")
    static Object registeredCommands(Object body, Supplier<String> ids) {
        List<Map<String, Object>> out = new ArrayList<>();
        if (body instanceof List<?> list) {
            for (Object o : list) {
                Map<String, Object> c = new LinkedHashMap<>((Map<String, Object>) o);
                c.put("id", ids.get());
                c.put("application_id", APP_ID);
                c.put("version", ids.get());
                c.putIfAbsent("type", 1);
                c.putIfAbsent("default_member_permissions", null);
                out.add(c);
            }
        }
        return out;
    }

    /** The answer to an interaction callback asked {@code with_response}. */
    static Map<String, Object> callbackResponse(String interactionId) {
        Map<String, Object> interaction = new LinkedHashMap<>();
        interaction.put("id", interactionId);
        interaction.put("type", 2);
        interaction.put("response_message_id", null);
        interaction.put("response_message_loading", true);
        interaction.put("response_message_ephemeral", false);
        return Map.of("interaction", interaction, "resource", Map.of("type", 5));
    }
}
