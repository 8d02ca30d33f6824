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

    static Map<String, Object> ready() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("v", 10);
        d.put("user", botUser());
        d.put("guilds", List.of());
        d.put("private_channels", List.of());
        d.put("session_id", "fake-session");
        d.put("resume_gateway_url", "ws://127.0.0.1:1/gateway");
        d.put("shard", List.of(0, 1));
        d.put("application", Map.of("id", APP_ID, "flags", 0));
        d.put("user_settings", Map.of());
        d.put("relationships", List.of());
        d.put("presences", List.of());
        return d;
    }

    /** A DM channel between the bot and {@code userId}, as interactions carry it. */
    static Map<String, Object> dmChannel(String channelId, String userId, String userName) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("id", channelId);
        c.put("type", 1);
        c.put("last_message_id", null);
        c.put("flags", 0);
        c.put("recipients", List.of(user(userId, userName, false)));
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
        options.forEach((k, v) -> opts.add(Map.of("name", k, "type", v instanceof Number ? 4 : 3, "value", v)));
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

    /** A message a user wrote in the bot's DM. */
    static Map<String, Object> directMessage(String id, String channelId, String userId, String content) {
        Map<String, Object> m = message(id, channelId, user(userId, "painter", false), content);
        return m;
    }

    /** A message the bot posted or edited: what it sent, with Discord's fields around it. */
    static Map<String, Object> botMessage(String id, String channelId, Map<String, Object> sent) {
        Map<String, Object> m = message(id, channelId, botUser(),
                sent == null || sent.get("content") == null ? "" : (String) sent.get("content"));
        m.put("application_id", APP_ID);
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
