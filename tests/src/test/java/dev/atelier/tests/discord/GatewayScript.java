package dev.atelier.tests.discord;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The gateway's side of the conversation: HELLO on connect, READY after IDENTIFY (one session per
 * shard), an ACK for every heartbeat, the dispatches a test asks for, numbered as Discord numbers
 * them, and RESUME: a client that lost its connection names its session and the last event it
 * saw, gets every later one again (those sent while it was away included), then RESUMED.
 */
final class GatewayScript {

    /** Long: the fake never drops a client for a missed beat, and JDA beats rarely. */
    private static final int HEARTBEAT_INTERVAL_MS = 41_250;

    /** One shard's session: what it was sent, so that a RESUME can replay it. */
    private static final class Session {
        final String id;
        final int shard;
        final int total;
        final AtomicInteger sequence = new AtomicInteger();
        final List<Map<String, Object>> sent = new ArrayList<>();
        volatile Channel channel;

        Session(String id, int shard, int total) {
            this.id = id;
            this.shard = shard;
            this.total = total;
        }
    }

    private final List<Map<String, Object>> received = new CopyOnWriteArrayList<>();
    private final Map<Integer, Session> shards = new ConcurrentHashMap<>();
    private final AtomicInteger sessions = new AtomicInteger();
    /** Guilds the bot is in: announced as unavailable in READY, then each by GUILD_CREATE, as Discord does. */
    private final List<Map<String, Object>> guilds = new CopyOnWriteArrayList<>();
    private volatile Supplier<String> url = () -> "ws://127.0.0.1:1/gateway";

    void resumeUrl(Supplier<String> gatewayUrl) {
        this.url = gatewayUrl;
    }

    void joinGuild(Map<String, Object> guild) {
        guilds.add(guild);
    }

    SimpleChannelInboundHandler<TextWebSocketFrame> handler() {
        return new SimpleChannelInboundHandler<>() {
            @Override
            public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
                if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
                    ctx.writeAndFlush(FakeDiscord.frame(Map.of("op", 10, "d", Map.of("heartbeat_interval", HEARTBEAT_INTERVAL_MS))));
                }
                super.userEventTriggered(ctx, evt);
            }

            @Override
            @SuppressWarnings("unchecked")
            protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame frame) {
                Map<String, Object> payload = FakeDiscord.read(frame.text());
                received.add(payload);
                int op = ((Number) payload.get("op")).intValue();
                Map<String, Object> d = payload.get("d") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
                if (op == 1) {
                    ctx.writeAndFlush(FakeDiscord.frame(Map.of("op", 11)));
                } else if (op == 2) {
                    List<Number> shard = d.get("shard") instanceof List<?> l ? (List<Number>) l : List.of(0, 1);
                    Session s = new Session("fake-session-" + sessions.incrementAndGet(), shard.get(0).intValue(), shard.get(1).intValue());
                    s.channel = ctx.channel();
                    List<Map<String, Object>> mine = guilds.stream().filter(g -> shardOf((String) g.get("id"), s.total) == s.shard).toList();
                    send(s, "READY", DiscordPayloads.ready(mine.stream().map(g -> (String) g.get("id")).toList(), s.id, url.get(),
                            s.shard, s.total));
                    for (Map<String, Object> g : mine) send(s, "GUILD_CREATE", g);
                    shards.put(s.shard, s);
                } else if (op == 6) {
                    resume(ctx.channel(), (String) d.get("session_id"), d.get("seq") == null ? 0 : ((Number) d.get("seq")).intValue());
                }
            }
        };
    }

    private void resume(Channel channel, String sessionId, int seq) {
        Session s = shards.values().stream().filter(x -> x.id.equals(sessionId)).findFirst().orElse(null);
        if (s == null) {
            // INVALID_SESSION, not resumable: the client identifies again.
            channel.writeAndFlush(FakeDiscord.frame(Map.of("op", 9, "d", false)));
            return;
        }
        synchronized (this) {
            s.channel = channel;
            for (Map<String, Object> event : s.sent) {
                if (((Number) event.get("s")).intValue() > seq) channel.writeAndFlush(FakeDiscord.frame(event));
            }
            send(s, "RESUMED", Map.of());
        }
    }

    private static int shardOf(String guildId, int total) {
        return (int) ((Long.parseLong(guildId) >>> 22) % total);
    }

    /** Whether every shard the client runs has identified. */
    boolean ready() {
        return !shards.isEmpty();
    }

    boolean ready(int shard) {
        return shards.containsKey(shard);
    }

    /** What the client sent, e.g. its IDENTIFY (op 2) with the intents, its RESUME (op 6). */
    List<Map<String, Object>> received() {
        return List.copyOf(received);
    }

    long received(int op) {
        return received.stream().filter(p -> ((Number) p.get("op")).intValue() == op).count();
    }

    /** A DISPATCH (op 0) of event {@code type} on shard 0 (where DMs arrive). */
    void dispatch(String type, Map<String, Object> data) {
        dispatch(0, type, data);
    }

    /**
     * A DISPATCH on {@code shard}. While the client is away (after {@link #drop}) it is numbered and
     * kept, and sent when the client resumes, as Discord does.
     */
    void dispatch(int shard, String type, Map<String, Object> data) {
        Session s = shards.get(shard);
        if (s == null) throw new IllegalStateException("shard " + shard + " has not identified");
        send(s, type, data);
    }

    /** The connection of {@code shard} dies without a close frame, as a network failure looks. */
    void drop(int shard) {
        Session s = shards.get(shard);
        Channel c;
        synchronized (this) {
            c = s.channel;
            s.channel = null;
        }
        if (c != null) c.close().awaitUninterruptibly();
    }

    private void send(Session s, String type, Map<String, Object> data) {
        // Numbered under the lock, written in the same order: JDA checks the sequence.
        synchronized (this) {
            Map<String, Object> event = Map.of("op", 0, "t", type, "s", s.sequence.incrementAndGet(), "d", data);
            s.sent.add(event);
            Channel c = s.channel;
            if (c != null) c.writeAndFlush(FakeDiscord.frame(event));
        }
    }
}
