package dev.atelier.tests.discord;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.multipart.Attribute;
import io.netty.handler.codec.http.multipart.FileUpload;
import io.netty.handler.codec.http.multipart.HttpPostRequestDecoder;
import io.netty.handler.codec.http.multipart.InterfaceHttpData;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * Discord on loopback, as the real JDA client sees it: the REST API under {@code /api/v10/} and
 * the gateway WebSocket at {@code /gateway} (JSON text frames, no compression), on one Netty
 * server. Netty because it is on the classpath already (Micronaut's server) and speaks HTTP,
 * multipart and WebSocket on one port. Every REST call is recorded, in order, for the assertions;
 * {@link GatewayScript} plays the gateway's side and {@link DiscordPayloads} builds what Discord sends.
 */
final class FakeDiscord implements AutoCloseable {

    static final String TOKEN = "MTIzNDU2Nzg5MDEyMzQ1Njc4.fake.discord-test-token";
    static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One REST call as the bot made it.
     *
     * @param json  the JSON body, or multipart's {@code payload_json}
     * @param files multipart file parts by their field name ({@code files[0]}, …)
     */
    record Call(String method, String path, Map<String, Object> json, Map<String, byte[]> files, Instant at) {
        boolean is(String method, String pathPattern) {
            return this.method.equals(method) && path.matches(pathPattern);
        }

        String content() {
            return json == null ? null : (String) json.get("content");
        }

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> embeds() {
            return json == null || json.get("embeds") == null ? List.of() : (List<Map<String, Object>>) json.get("embeds");
        }

        /** The file names of the attachments the message keeps after this call (JSON {@code attachments}). */
        @SuppressWarnings("unchecked")
        List<String> attachmentNames() {
            if (json == null || json.get("attachments") == null) return List.of();
            return ((List<Map<String, Object>>) json.get("attachments")).stream().map(a -> String.valueOf(a.get("filename"))).toList();
        }

        /** Button labels to custom ids, row by row. */
        @SuppressWarnings("unchecked")
        Map<String, String> buttons() {
            Map<String, String> out = new LinkedHashMap<>();
            if (json == null || json.get("components") == null) return out;
            for (Map<String, Object> row : (List<Map<String, Object>>) json.get("components")) {
                for (Map<String, Object> b : (List<Map<String, Object>>) row.get("components")) {
                    out.put((String) b.get("label"), (String) b.get("custom_id"));
                }
            }
            return out;
        }
    }

    private final EventLoopGroup loop = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    private final Channel server;
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    /** Discord's epoch (2015-01-01) for snowflakes: JDA reads an interaction's age from its id. */
    private static final long DISCORD_EPOCH = 1_420_070_400_000L;
    private final AtomicLong ids = new AtomicLong();
    final GatewayScript gateway = new GatewayScript();
    private final Map<String, byte[]> cdn = new java.util.concurrent.ConcurrentHashMap<>();

    FakeDiscord() {
        try {
            server = new ServerBootstrap().group(loop).channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(64 * 1024 * 1024),
                                    // checkStartsWith: JDA adds ?encoding=json&v=10 to the gateway address.
                                    new WebSocketServerProtocolHandler("/gateway", null, false, 1 << 20, false, true),
                                    new Rest(), gateway.handler());
                        }
                    })
                    .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).sync().channel();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        gateway.resumeUrl(this::gatewayUrl);
    }

    private String base() {
        InetSocketAddress a = (InetSocketAddress) server.localAddress();
        return a.getHostString() + ":" + a.getPort();
    }

    String apiUrl() {
        return "http://" + base() + "/api/v10/";
    }

    String gatewayUrl() {
        return "ws://" + base() + "/gateway";
    }

    String nextId() {
        return idAt(Instant.now());
    }

    /** An id made at {@code at}: an interaction's id says when it was created, and so when its token expires. */
    String idAt(Instant at) {
        // A snowflake: milliseconds since Discord's epoch, then 22 bits for the counter.
        return String.valueOf(((at.toEpochMilli() - DISCORD_EPOCH) << 22) | (ids.incrementAndGet() & 0x3FFFFF));
    }

    /** An image a user attached, served as Discord's CDN would: the attachment object a message carries. */
    Map<String, Object> attachment(byte[] png, int width, int height) {
        return attachment(png, "picture.png", "image/png", width, height);
    }

    /** Any file a user attached; width and height 0 for what Discord does not see as an image. */
    Map<String, Object> attachment(byte[] bytes, String fileName, String contentType, int width, int height) {
        String id = nextId();
        String url = "http://" + base() + "/attachments/" + id + "/" + fileName;
        cdn.put("/attachments/" + id + "/" + fileName, bytes);
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("id", id);
        a.put("filename", fileName);
        a.put("size", bytes.length);
        a.put("url", url);
        a.put("proxy_url", url);
        if (width > 0) {
            a.put("width", width);
            a.put("height", height);
        }
        a.put("content_type", contentType);
        return a;
    }

    // ---- what the bot did ----------------------------------------------------------------

    List<Call> calls() {
        return List.copyOf(calls);
    }

    List<Call> calls(Predicate<Call> filter) {
        return calls.stream().filter(filter).toList();
    }

    /** Calls made with an interaction's token (its callback, edits of its reply, follow-ups). */
    List<Call> callsFor(String interactionId, String token) {
        return calls(c -> c.path().contains("/" + token) || c.path().contains("/" + interactionId + "/"));
    }

    /** Waits until the bot has logged in and registered its commands (it is then ready for interactions). */
    void awaitBotConnected() {
        await("the bot to connect and register its commands", DiscordUser.TURN, () ->
                !calls(c -> c.is("PUT", "applications/\\d+/commands")).isEmpty());
    }

    void await(String what, Duration timeout, BooleanSupplier condition) {
        long end = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) throw new AssertionError("timed out waiting for " + what + "; calls: "
                    + calls.stream().map(c -> c.method() + " " + c.path()).toList());
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    // ---- REST ----------------------------------------------------------------------------

    /** The REST API; WebSocket upgrades never get here (the protocol handler takes them first). */
    private final class Rest extends SimpleChannelInboundHandler<FullHttpRequest> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) throws Exception {
            String path = req.uri().replaceFirst("\\?.*", "").replaceFirst("^/api/v10/", "");
            byte[] file = cdn.get(path);
            if (file != null) {
                calls.add(new Call("GET", path, null, Map.of(), Instant.now()));
                FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, Unpooled.wrappedBuffer(file));
                res.headers().set(HttpHeaderNames.CONTENT_TYPE, "image/png");
                res.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, file.length);
                ctx.writeAndFlush(res);
                return;
            }
            Map<String, Object> json = null;
            Map<String, byte[]> files = new HashMap<>();
            String type = req.headers().get(HttpHeaderNames.CONTENT_TYPE, "");
            if (type.startsWith("multipart/")) {
                HttpPostRequestDecoder decoder = new HttpPostRequestDecoder(req);
                try {
                    for (InterfaceHttpData part : decoder.getBodyHttpDatas()) {
                        if (part instanceof FileUpload f) files.put(f.getName(), f.get());
                        else if (part instanceof Attribute a && a.getName().equals("payload_json")) json = read(a.getValue());
                    }
                } finally {
                    decoder.destroy();
                }
            } else if (req.content().readableBytes() > 0) {
                Object body = JSON.readValue(req.content().toString(StandardCharsets.UTF_8), Object.class);
                // A bulk overwrite sends a JSON array.
                json = body instanceof List<?> list ? Map.of("items", list) : castMap(body);
            }
            Call call = new Call(req.method().name(), path, json, files, Instant.now());
            calls.add(call);
            Object answer = answer(call);
            FullHttpResponse res;
            if (answer == null) {
                res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NO_CONTENT);
            } else {
                byte[] body = JSON.writeValueAsBytes(answer);
                res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, Unpooled.wrappedBuffer(body));
                res.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
            }
            res.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, res.content().readableBytes());
            ctx.writeAndFlush(res);
        }
    }

    /** Discord's answers, just complete enough for JDA to parse them. */
    private Object answer(Call c) {
        if (c.is("GET", "users/@me")) return DiscordPayloads.botUser();
        if (c.is("GET", "gateway/bot")) return Map.of("url", gatewayUrl(), "shards", 1,
                "session_start_limit", Map.of("total", 1000, "remaining", 1000, "reset_after", 0, "max_concurrency", 16));
        if (c.is("PUT", "applications/\\d+/commands")) return DiscordPayloads.registeredCommands(c.json().get("items"), this::nextId);
        if (c.is("POST", "users/@me/channels")) {
            // A user's DM channel with the bot: the id DiscordUser gives it (the user's id plus one).
            String user = String.valueOf(c.json().get("recipient_id"));
            Map<String, Object> dm = new LinkedHashMap<>(DiscordPayloads.dmChannel(String.valueOf(Long.parseLong(user) + 1), user, "painter"));
            dm.put("recipients", List.of(DiscordPayloads.user(user, "painter", false)));
            return dm;
        }
        if (c.is("POST", "interactions/\\d+/[^/]+/callback")) return DiscordPayloads.callbackResponse(c.path().split("/")[1]);
        if (c.is("DELETE", ".*")) return null;
        if (c.is("PATCH", "webhooks/\\d+/[^/]+/messages/.+") || c.is("POST", "webhooks/\\d+/[^/]+")) {
            return DiscordPayloads.botMessage(nextId(), "0", c.json());
        }
        if (c.is("POST", "channels/\\d+/messages")) return DiscordPayloads.botMessage(nextId(), c.path().split("/")[1], c.json());
        if (c.is("PATCH", "channels/\\d+/messages/\\d+")) {
            return DiscordPayloads.botMessage(c.path().split("/")[3], c.path().split("/")[1], c.json());
        }
        return Map.of();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Object o) {
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> read(String json) {
        try {
            return JSON.readValue(json, Map.class);
        } catch (Exception e) {
            throw new IllegalStateException("not JSON: " + json, e);
        }
    }

    static TextWebSocketFrame frame(Object payload) {
        try {
            return new TextWebSocketFrame(Unpooled.wrappedBuffer(JSON.writeValueAsBytes(payload)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String hex(byte[] bytes) {
        return ByteBufUtil.hexDump(bytes);
    }

    @Override
    public void close() {
        server.close().awaitUninterruptibly();
        loop.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).awaitUninterruptibly();
    }
}
