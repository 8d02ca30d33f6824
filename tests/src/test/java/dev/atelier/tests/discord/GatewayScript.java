package dev.atelier.tests.discord;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The gateway's side of the conversation: HELLO on connect, READY after IDENTIFY, an ACK for every
 * heartbeat, and the dispatches a test asks for, numbered as Discord numbers them.
 */
final class GatewayScript {

    /** Long: the fake never drops a client for a missed beat, and JDA beats rarely. */
    private static final int HEARTBEAT_INTERVAL_MS = 41_250;

    private final AtomicInteger sequence = new AtomicInteger();
    private final List<Map<String, Object>> received = new CopyOnWriteArrayList<>();
    private volatile Channel client;
    private volatile boolean ready;
    /** Guilds the bot is in: announced as unavailable in READY, then each by GUILD_CREATE, as Discord does. */
    private final List<Map<String, Object>> guilds = new CopyOnWriteArrayList<>();

    void joinGuild(Map<String, Object> guild) {
        guilds.add(guild);
    }

    SimpleChannelInboundHandler<TextWebSocketFrame> handler() {
        return new SimpleChannelInboundHandler<>() {
            @Override
            public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
                if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
                    client = ctx.channel();
                    ctx.writeAndFlush(FakeDiscord.frame(Map.of("op", 10, "d", Map.of("heartbeat_interval", HEARTBEAT_INTERVAL_MS))));
                }
                super.userEventTriggered(ctx, evt);
            }

            @Override
            protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame frame) {
                Map<String, Object> payload = FakeDiscord.read(frame.text());
                received.add(payload);
                int op = ((Number) payload.get("op")).intValue();
                if (op == 1) {
                    ctx.writeAndFlush(FakeDiscord.frame(Map.of("op", 11)));
                } else if (op == 2) {
                    send(ctx.channel(), "READY", DiscordPayloads.ready(guilds.stream().map(g -> (String) g.get("id")).toList()));
                    for (Map<String, Object> g : guilds) send(ctx.channel(), "GUILD_CREATE", g);
                    ready = true;
                }
            }
        };
    }

    boolean ready() {
        return ready;
    }

    /** What the client sent, e.g. its IDENTIFY (op 2) with the intents. */
    List<Map<String, Object>> received() {
        return List.copyOf(received);
    }

    /** A DISPATCH (op 0) of event {@code type} to the connected client. */
    void dispatch(String type, Map<String, Object> data) {
        Channel c = client;
        if (c == null || !ready) throw new IllegalStateException("no client is connected and identified");
        send(c, type, data);
    }

    private void send(Channel c, String type, Map<String, Object> data) {
        // Numbered under the lock, written in the same order: JDA checks the sequence.
        synchronized (this) {
            c.writeAndFlush(FakeDiscord.frame(Map.of("op", 0, "t", type, "s", sequence.incrementAndGet(), "d", data)));
        }
    }
}
