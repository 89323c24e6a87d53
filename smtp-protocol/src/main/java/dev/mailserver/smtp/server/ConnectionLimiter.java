package dev.mailserver.smtp.server;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

import dev.mailserver.smtp.TrustedNetworks;

/**
 * Counts a listener's open connections, in all and per client address, and turns away a connection
 * over either limit before the session starts: with {@code 421 4.7.0} on a plaintext listener, without
 * a word on an implicit-TLS one (whose client expects a TLS handshake, not text). Comes first in the
 * pipeline, ahead of TLS. Clients in the trusted networks have no per-client limit.
 */
@Sharable
final class ConnectionLimiter extends ChannelInboundHandlerAdapter {
    private static final Logger LOGGER = LoggerFactory.getLogger(ConnectionLimiter.class);

    private final String listenerName;
    private final int maxConnections;
    private final int maxPerClient;
    private final boolean sayWhy;
    private final TrustedNetworks trusted;
    private final AtomicInteger open = new AtomicInteger();
    private final ConcurrentMap<InetAddress, AtomicInteger> openPerClient = new ConcurrentHashMap<>();

    ConnectionLimiter(String listenerName, int maxConnections, int maxPerClient, boolean sayWhy, TrustedNetworks trusted) {
        this.listenerName = listenerName;
        this.maxConnections = maxConnections;
        this.maxPerClient = maxPerClient;
        this.sayWhy = sayWhy;
        this.trusted = trusted;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        InetAddress client = ((InetSocketAddress) ctx.channel().remoteAddress()).getAddress();
        int total = open.incrementAndGet();
        int fromClient = openPerClient.computeIfAbsent(client, address -> new AtomicInteger()).incrementAndGet();
        ctx.channel().closeFuture().addListener(closed -> release(client));
        if (total <= maxConnections && (fromClient <= maxPerClient || trusted.contains(client))) {
            ctx.fireChannelActive();
            return;
        }
        String reason = total > maxConnections ? "too many connections" : "too many connections from your address";
        LOGGER.warn("Listener {}: refused a connection from [{}]: {}", listenerName, client.getHostAddress(), reason);
        ctx.channel().config().setAutoRead(false);
        if (sayWhy) {
            new ClosingReply("4.7.0 Service not available: " + reason + ", try again later").sendAndClose(ctx);
        } else {
            ctx.close();
        }
    }

    private void release(InetAddress client) {
        open.decrementAndGet();
        openPerClient.computeIfPresent(client, (address, count) -> count.decrementAndGet() == 0 ? null : count);
    }
}
