package dev.atelier.tests.telegram;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A Telegram Bot API server on loopback, as the real TelegramBots client sees it: methods at
 * {@code /bot<token>/<method>} answering {@code {"ok":true,"result":…}}, a long-polling
 * getUpdates with offset and timeout, multipart sendPhoto, files at {@code /file/bot<token>/<path>},
 * and flood-limit answers on request. Every call is recorded, in order, for the assertions.
 */
final class FakeTelegram implements AutoCloseable {

    static final String TOKEN = "123:abc";
    private static final long BOT_ID = 123;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One Bot API call as the bot made it. {@code params} holds JSON values or multipart text fields. */
    record Call(String method, Map<String, Object> params, Map<String, byte[]> files, Instant at, Object result) {
        String param(String name) {
            Object v = params.get(name);
            return v == null ? null : String.valueOf(v);
        }

        long chatId() {
            String c = param("chat_id");
            return c == null ? 0 : Long.parseLong(c);
        }

        /** An uploaded file, sent as its own part and named by the field as {@code attach://<part>}. */
        byte[] file(String field) {
            String value = param(field);
            if (value != null && value.startsWith("attach://")) return files.get(value.substring("attach://".length()));
            return files.get(field);
        }

        /**
         * The file of an editMessageMedia: its {@code media} field is JSON whose own {@code media}
         * names the uploaded part as {@code attach://<part>}.
         */
        byte[] mediaFile() {
            String media = param("media");
            if (media == null) return null;
            Object ref = params.get("media") instanceof Map<?, ?> m ? m.get("media") : read(media).get("media");
            String name = String.valueOf(ref);
            return name.startsWith("attach://") ? files.get(name.substring("attach://".length())) : null;
        }

        /** The caption an editMessageMedia gives the new photo, from its media JSON. */
        String mediaCaption() {
            String media = param("media");
            if (media == null) return null;
            Object caption = params.get("media") instanceof Map<?, ?> m ? m.get("caption") : read(media).get("caption");
            return caption == null ? null : String.valueOf(caption);
        }

        /** The message_id of the message this call sent or edited, from the fake's answer. */
        @SuppressWarnings("unchecked")
        int resultMessageId() {
            return result instanceof Map<?, ?> m && m.get("message_id") != null
                    ? ((Number) ((Map<String, Object>) m).get("message_id")).intValue() : 0;
        }

        /** reply_markup as JSON, whether it came as a JSON object or a multipart text field. */
        @SuppressWarnings("unchecked")
        Map<String, Object> replyMarkup() {
            Object m = params.get("reply_markup");
            if (m == null) return Map.of();
            if (m instanceof Map<?, ?> map) return (Map<String, Object>) map;
            return read(String.valueOf(m));
        }
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final List<Map<String, Object>> updates = new ArrayList<>();
    private final Map<String, Deque<Integer>> floods = new ConcurrentHashMap<>();
    private final Map<String, Deque<Integer>> failures = new ConcurrentHashMap<>();
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    private final Map<String, java.util.concurrent.CountDownLatch> holds = new ConcurrentHashMap<>();
    private final AtomicInteger polls = new AtomicInteger();
    private final AtomicInteger nextUpdateId = new AtomicInteger(100);
    private final AtomicInteger nextMessageId = new AtomicInteger(1000);
    private volatile boolean closed;

    FakeTelegram() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // Long polls hold their thread: one thread per request, like a real server.
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    String url() {
        return "http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort();
    }

    // ---- what users do -------------------------------------------------------------------

    int nextMessageId() {
        return nextMessageId.incrementAndGet();
    }

    Map<String, Object> textMessage(long chatId, String text) {
        Map<String, Object> m = message(chatId);
        m.put("text", text);
        return update("message", m);
    }

    /** A photo message: Telegram sends several sizes of it; here two, both of the same bytes. */
    Map<String, Object> photoMessage(long chatId, String caption, byte[] bytes) {
        return photoMessage(chatId, chatId, caption, bytes);
    }

    Map<String, Object> photoMessage(long chatId, long userId, String caption, byte[] bytes) {
        String fileId = "photo-" + nextMessageId.incrementAndGet();
        files.put(fileId, bytes);
        Map<String, Object> m = message(chatId, userId);
        m.put("photo", List.of(
                Map.of("file_id", fileId + "-small", "file_unique_id", "u" + fileId + "s", "width", 32, "height", 32, "file_size", bytes.length),
                Map.of("file_id", fileId, "file_unique_id", "u" + fileId, "width", 64, "height", 64, "file_size", bytes.length)));
        files.put(fileId + "-small", bytes);
        if (caption != null) {
            m.put("caption", caption);
            List<Map<String, Object>> entities = entities(caption);
            if (!entities.isEmpty()) m.put("caption_entities", entities);
        }
        return update("message", m);
    }

    Map<String, Object> buttonPress(long chatId, int messageId, String data) {
        return buttonPress(chatId, chatId, messageId, data);
    }

    /** A press by {@code userId}; in a group that is not the chat's id. */
    Map<String, Object> buttonPress(long chatId, long userId, int messageId, String data) {
        Map<String, Object> q = new LinkedHashMap<>();
        q.put("id", "cbq-" + nextMessageId.incrementAndGet());
        q.put("from", user(userId));
        Map<String, Object> msg = new LinkedHashMap<>();
        msg.put("message_id", messageId);
        msg.put("date", now());
        msg.put("chat", chat(chatId));
        msg.put("from", Map.of("id", BOT_ID, "is_bot", true, "first_name", "Atelier"));
        msg.put("photo", List.of(Map.of("file_id", "sent", "file_unique_id", "sent", "width", 64, "height", 64)));
        q.put("message", msg);
        q.put("chat_instance", "ci-" + chatId);
        q.put("data", data);
        return update("callback_query", q);
    }

    /** An update of any kind, e.g. one newer than the client knows: {@code field} → {@code body}. */
    Map<String, Object> update(String field, Object body) {
        Map<String, Object> u = new LinkedHashMap<>();
        u.put("update_id", nextUpdateId.incrementAndGet());
        u.put(field, body);
        return u;
    }

    Map<String, Object> message(long chatId) {
        return message(chatId, chatId);
    }

    /** A message by {@code userId} in {@code chatId} (a group's id is negative). */
    Map<String, Object> message(long chatId, long userId) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("message_id", nextMessageId.incrementAndGet());
        m.put("date", now());
        m.put("chat", chat(chatId));
        m.put("from", user(userId));
        return m;
    }

    /**
     * A text by {@code userId} in a group, with the entities Telegram adds: a mention for every
     * {@code @name}, a bot_command for a leading {@code /command}.
     */
    Map<String, Object> groupText(long chatId, long userId, String text) {
        Map<String, Object> m = message(chatId, userId);
        m.put("text", text);
        List<Map<String, Object>> entities = entities(text);
        if (!entities.isEmpty()) m.put("entities", entities);
        return update("message", m);
    }

    static List<Map<String, Object>> entities(String text) {
        List<Map<String, Object>> entities = new ArrayList<>();
        java.util.regex.Matcher command = java.util.regex.Pattern.compile("^/[A-Za-z_]+(@[A-Za-z0-9_]+)?").matcher(text);
        if (command.find()) entities.add(Map.of("type", "bot_command", "offset", 0, "length", command.end()));
        java.util.regex.Matcher mention = java.util.regex.Pattern.compile("(?<![/\\w])@[A-Za-z0-9_]{5,}").matcher(text);
        while (mention.find()) {
            entities.add(Map.of("type", "mention", "offset", mention.start(), "length", mention.end() - mention.start()));
        }
        return entities;
    }

    /** The message inside a message update, to add fields to. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> inner(Map<String, Object> update) {
        return (Map<String, Object>) update.get("message");
    }

    /**
     * Moves a message or button-press update into a forum supergroup: into topic {@code thread}
     * ({@code message_thread_id}, {@code is_topic_message}), or its General topic for 0, where
     * messages carry no thread id.
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> inTopic(Map<String, Object> update, int thread) {
        Map<String, Object> m = update.containsKey("callback_query")
                ? (Map<String, Object>) ((Map<String, Object>) update.get("callback_query")).get("message")
                : inner(update);
        m.put("chat", forum(((Number) ((Map<String, Object>) m.get("chat")).get("id")).longValue()));
        if (thread != 0) {
            m.put("message_thread_id", thread);
            m.put("is_topic_message", true);
        }
        return update;
    }

    private static Map<String, Object> forum(long chatId) {
        return Map.of("id", chatId, "type", "supergroup", "title", "Studio", "is_forum", true);
    }

    /** Makes the update's message a reply to {@code replied} (a message as the bot sent it, from the recorded call). */
    Map<String, Object> replyingTo(Map<String, Object> update, Call sent) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("message_id", sent.resultMessageId());
        r.put("date", now());
        r.put("chat", chat(sent.chatId()));
        r.put("from", Map.of("id", BOT_ID, "is_bot", true, "first_name", "Atelier", "username", "atelier_bot"));
        if (sent.method().equals("sendphoto")) {
            r.put("photo", List.of(Map.of("file_id", "sent-" + sent.resultMessageId(), "file_unique_id", "s" + sent.resultMessageId(),
                    "width", 64, "height", 64)));
        } else {
            r.put("text", String.valueOf(sent.param("text")));
        }
        inner(update).put("reply_to_message", r);
        return update;
    }

    /** Makes the update's message a reply to a message a person sent (the update that carried it). */
    Map<String, Object> replyingToMessage(Map<String, Object> update, Map<String, Object> repliedUpdate) {
        Map<String, Object> r = new LinkedHashMap<>(inner(repliedUpdate));
        r.remove("reply_to_message");
        inner(update).put("reply_to_message", r);
        return update;
    }

    /** Queues updates for getUpdates; those given together are answered in one batch. */
    void deliver(Map<String, Object>... batch) {
        synchronized (updates) {
            updates.addAll(List.of(batch));
            updates.notifyAll();
        }
    }

    /** The next {@code times} calls of {@code method} answer 429 with {@code retry_after}. */
    void floodNext(String method, int times, int retryAfterSeconds) {
        Deque<Integer> q = floods.computeIfAbsent(method.toLowerCase(Locale.ROOT), k -> new ArrayDeque<>());
        for (int i = 0; i < times; i++) q.add(retryAfterSeconds);
    }

    /**
     * The next call of {@code method} is held (not answered) until the returned latch is counted
     * down, as a slow Telegram would: the bot's thread that made it waits.
     */
    java.util.concurrent.CountDownLatch holdNext(String method) {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        holds.put(method.toLowerCase(Locale.ROOT), release);
        return release;
    }

    /** The next {@code times} calls of {@code method} answer 500. */
    void failNext(String method, int times) {
        Deque<Integer> q = failures.computeIfAbsent(method.toLowerCase(Locale.ROOT), k -> new ArrayDeque<>());
        for (int i = 0; i < times; i++) q.add(500);
    }

    // ---- what the bot did ----------------------------------------------------------------

    List<Call> calls() {
        return List.copyOf(calls);
    }

    /** How many getUpdates calls came (they are not recorded as calls: there are too many). */
    int polls() {
        return polls.get();
    }

    List<Call> callsTo(long chatId) {
        return calls.stream().filter(c -> c.chatId() == chatId).toList();
    }

    List<Call> calls(String method, Predicate<Call> filter) {
        return calls.stream().filter(c -> c.method().equals(method.toLowerCase(Locale.ROOT))).filter(filter).toList();
    }

    // ---- the server ----------------------------------------------------------------------

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            byte[] body = ex.getRequestBody().readAllBytes();
            if (path.startsWith("/file/bot" + TOKEN + "/")) {
                String filePath = path.substring(("/file/bot" + TOKEN + "/").length());
                byte[] bytes = files.get(filePath.replaceFirst("^photos/", ""));
                calls.add(new Call("file", Map.of("file_path", filePath), Map.of(), Instant.now(), null));
                respond(ex, bytes == null ? 404 : 200, bytes == null ? new byte[0] : bytes);
                return;
            }
            if (!path.startsWith("/bot" + TOKEN + "/")) {
                respond(ex, 401, error(401, "Unauthorized"));
                return;
            }
            String method = path.substring(("/bot" + TOKEN + "/").length()).toLowerCase(Locale.ROOT);
            Map<String, Object> params = new LinkedHashMap<>();
            Map<String, byte[]> uploads = new HashMap<>();
            String type = ex.getRequestHeaders().getFirst("Content-Type");
            if (type != null && type.startsWith("multipart/form-data")) {
                Multipart.parse(body, type, params, uploads);
            } else if (body.length > 0) {
                params.putAll(read(new String(body, StandardCharsets.UTF_8)));
            }
            Instant at = Instant.now();
            Integer flood = poll(floods, method);
            if (flood != null) {
                calls.add(new Call(method, params, uploads, at, null));
                respond(ex, 429, JSON.writeValueAsBytes(Map.of("ok", false, "error_code", 429,
                        "description", "Too Many Requests: retry after " + flood, "parameters", Map.of("retry_after", flood))));
                return;
            }
            if (poll(failures, method) != null) {
                calls.add(new Call(method, params, uploads, at, null));
                respond(ex, 500, error(500, "Internal Server Error"));
                return;
            }
            if (method.equals("getupdates")) polls.incrementAndGet();
            java.util.concurrent.CountDownLatch hold = holds.remove(method);
            if (hold != null) {
                calls.add(new Call("held:" + method, params, uploads, at, null));
                try {
                    hold.await(60, java.util.concurrent.TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            Object result = answer(method, params);
            if (!method.equals("getupdates")) calls.add(new Call(method, params, uploads, at, result));
            if (result == null) {
                respond(ex, 404, error(404, "Not Found: method not found"));
            } else {
                respond(ex, 200, JSON.writeValueAsBytes(Map.of("ok", true, "result", result)));
            }
        }
    }

    private Object answer(String method, Map<String, Object> p) {
        return switch (method) {
            case "getupdates" -> getUpdates(p);
            case "setwebhook", "deletewebhook", "deletemessage", "answercallbackquery", "setmycommands", "sendchataction" -> true;
            case "getme" -> Map.of("id", BOT_ID, "is_bot", true, "first_name", "Atelier", "username", "atelier_bot",
                    "can_join_groups", true, "can_read_all_group_messages", false, "supports_inline_queries", false);
            case "sendmessage", "editmessagetext" -> sent(p, "text", p.get("text"));
            case "editmessagecaption", "editmessagemedia" -> sent(p, "photo", List.of(Map.of("file_id", "edited-" + nextMessageId.get(),
                    "file_unique_id", "e" + nextMessageId.get(), "width", 128, "height", 128)));
            case "senddocument" -> sent(p, "document", Map.of("file_id", "doc-" + nextMessageId.get(),
                    "file_unique_id", "d" + nextMessageId.get(), "file_name", "atelier.png"));
            case "sendphoto" -> sent(p, "photo", List.of(Map.of("file_id", "sent-" + nextMessageId.get(),
                    "file_unique_id", "s" + nextMessageId.get(), "width", 64, "height", 64)));
            case "getfile" -> {
                String id = String.valueOf(p.get("file_id"));
                byte[] bytes = files.get(id);
                yield bytes == null ? null : Map.of("file_id", id, "file_unique_id", "u" + id,
                        "file_size", bytes.length, "file_path", "photos/" + id);
            }
            default -> null;
        };
    }

    private Map<String, Object> sent(Map<String, Object> p, String field, Object value) {
        Map<String, Object> m = new LinkedHashMap<>();
        Object existing = p.get("message_id");
        m.put("message_id", existing != null ? Integer.parseInt(String.valueOf(existing)) : nextMessageId.incrementAndGet());
        m.put("date", now());
        long chatId = Long.parseLong(String.valueOf(p.get("chat_id")));
        m.put("chat", chat(chatId));
        m.put("from", Map.of("id", BOT_ID, "is_bot", true, "first_name", "Atelier"));
        // Sent into a forum topic: the message is that topic's, as Telegram answers.
        Object thread = p.get("message_thread_id");
        if (thread != null) {
            m.put("chat", forum(chatId));
            m.put("message_thread_id", Integer.parseInt(String.valueOf(thread)));
            m.put("is_topic_message", true);
        }
        m.put(field, value);
        if (p.get("caption") != null) m.put("caption", p.get("caption"));
        return m;
    }

    private List<Map<String, Object>> getUpdates(Map<String, Object> p) {
        long offset = p.get("offset") == null ? 0 : Long.parseLong(String.valueOf(p.get("offset")));
        long timeoutMs = p.get("timeout") == null ? 0 : Long.parseLong(String.valueOf(p.get("timeout"))) * 1000;
        long end = System.currentTimeMillis() + timeoutMs;
        synchronized (updates) {
            while (true) {
                // getUpdates with an offset confirms every update before it.
                updates.removeIf(u -> ((Number) u.get("update_id")).longValue() < offset);
                if (!updates.isEmpty() || closed) return List.copyOf(updates);
                long left = end - System.currentTimeMillis();
                if (left <= 0) return List.of();
                try {
                    updates.wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return List.of();
                }
            }
        }
    }

    private static Integer poll(Map<String, Deque<Integer>> queues, String method) {
        Deque<Integer> q = queues.get(method);
        if (q == null) return null;
        synchronized (q) {
            return q.poll();
        }
    }

    /** Negative ids are groups (Telegram's supergroups have ids like -100…), the rest private chats. */
    private static Map<String, Object> chat(long chatId) {
        if (chatId < 0) return Map.of("id", chatId, "type", "supergroup", "title", "Painters");
        return Map.of("id", chatId, "type", "private", "first_name", "Ada");
    }

    private static Map<String, Object> user(long id) {
        return Map.of("id", id, "is_bot", false, "first_name", "Ada" + id, "language_code", "en");
    }

    private static long now() {
        return Instant.now().getEpochSecond();
    }

    private static byte[] error(int code, String description) {
        try {
            return JSON.writeValueAsBytes(Map.of("ok", false, "error_code", code, "description", description));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, Object> read(String json) {
        try {
            return JSON.readValue(json, new TypeReference<>() {
            });
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }

    private static void respond(HttpExchange ex, int status, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", status == 200 && body.length > 0 && body[0] != '{'
                ? "application/octet-stream" : "application/json");
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) ex.getResponseBody().write(body);
    }

    /** Waits for a condition on the recorded calls. */
    void await(String what, Duration timeout, java.util.function.BooleanSupplier condition) {
        Instant end = Instant.now().plus(timeout);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(end)) throw new AssertionError("timed out waiting for " + what + "; calls: " + summary());
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    String summary() {
        return calls.stream().map(c -> c.method() + "(" + c.param("chat_id")
                + (c.param("text") == null ? "" : ", " + c.param("text").substring(0, Math.min(80, c.param("text").length())))
                + ")").toList().toString();
    }

    @Override
    public void close() {
        closed = true;
        synchronized (updates) {
            updates.notifyAll();
        }
        // Lets the long polls just released get their empty answer before the port closes.
        server.stop(1);
        threads.shutdownNow();
    }
}
