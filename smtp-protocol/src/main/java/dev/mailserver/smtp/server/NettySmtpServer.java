package dev.mailserver.smtp.server;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.apache.james.protocols.api.Protocol;
import org.apache.james.protocols.netty.Encryption;
import org.apache.james.protocols.netty.HandlerConstants;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.stream.ChunkedWriteHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;

import dev.mailserver.smtp.ListenerEvents;
import dev.mailserver.smtp.ListenerSettings;
import dev.mailserver.smtp.SessionLimits;
import dev.mailserver.smtp.TlsMode;
import dev.mailserver.smtp.TrustedNetworks;

/**
 * The netty side of one listener. Framing and the SMTP handlers run on the connection's IO thread, one
 * line at a time (a DATA body's plain lines a block at a time, see {@link SmtpFrameDecoder}), so a fast
 * sender is slowed by TCP instead of filling memory; nothing in the handlers blocks (see
 * {@link InboundGate}). The replies to what one read brought are written together. Unlike the library's
 * {@code NettyServer} it leaves no thread behind when stopped, and it can stop in steps: first
 * accepting, then the open connections.
 */
public final class NettySmtpServer {
    private static final int BACKLOG = 250;
    private static final String CONNECTION_LIMITER = "connectionLimiter";
    private static final String SESSION_TIME_LIMIT = "sessionTimeLimit";
    private static final String CONNECTION_EVENTS = "connectionEvents";
    /**
     * The replies to the commands cut from one read go out in one write when the read is done (a pipelined
     * MAIL, RCPT and DATA: one packet, not three). It sits before the gate: lines the gate replays come from
     * no read, so their replies are flushed at once.
     */
    private static final String FLUSH_CONSOLIDATION = "flushConsolidation";

    private final ListenerSettings settings;
    private final Protocol protocol;
    private final Encryption encryption;
    private final ConnectionLimiter connectionLimiter;
    private final ConnectionEvents connectionEvents;
    private final HeapInput heapInput = new HeapInput();
    private final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private EventLoopGroup bossGroup;
    private EventLoopGroup ioGroup;
    private Channel serverChannel;
    private final ClientNames clientNames;

    /**
     * @param encryption how TLS is offered, or null for a listener without TLS
     * @param trusted clients exempt from the per-client connection limit
     * @param clientNames how clients' names are looked up, at connect, off the IO thread
     */
    public NettySmtpServer(ListenerSettings settings, Protocol protocol, Encryption encryption, ListenerEvents events,
                           TrustedNetworks trusted, ClientNames clientNames) {
        this.settings = settings;
        this.clientNames = clientNames;
        this.protocol = protocol;
        this.encryption = encryption;
        SessionLimits limits = settings.limits();
        this.connectionLimiter = new ConnectionLimiter(settings.name(), limits.maxConnections(), limits.maxConnectionsPerClient(),
            settings.tls() != TlsMode.IMPLICIT, trusted);
        this.connectionEvents = new ConnectionEvents(settings, events);
    }

    public void start() throws InterruptedException {
        bossGroup = new NioEventLoopGroup(1, new DefaultThreadFactory("smtp-" + settings.name() + "-accept"));
        ioGroup = new NioEventLoopGroup(0, new DefaultThreadFactory("smtp-" + settings.name() + "-io"));
        ServerBootstrap bootstrap = new ServerBootstrap()
            .group(bossGroup, ioGroup)
            .channel(NioServerSocketChannel.class)
            .option(ChannelOption.SO_BACKLOG, BACKLOG)
            .option(ChannelOption.SO_REUSEADDR, true)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childHandler(new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(SocketChannel channel) {
                    connections.add(channel);
                    initPipeline(channel.pipeline());
                }
            });
        try {
            serverChannel = bootstrap.bind(settings.address()).sync().channel();
        } catch (RuntimeException | InterruptedException e) {
            shutdownEventLoops();
            throw e;
        }
    }

    private void initPipeline(ChannelPipeline pipeline) {
        SessionLimits limits = settings.limits();
        InboundGate gate = new InboundGate();
        pipeline.addLast(CONNECTION_LIMITER, connectionLimiter);
        if (settings.tls() == TlsMode.IMPLICIT) {
            pipeline.addLast(HandlerConstants.SSL_HANDLER, encryption.sslHandler());
        }
        pipeline.addLast(CONNECTION_EVENTS, connectionEvents);
        pipeline
            .addLast(HeapInput.NAME, heapInput)
            .addLast(UnendedLineGuard.NAME, new UnendedLineGuard(limits.maxLineLength()))
            .addLast(HandlerConstants.FRAMER, new SmtpFrameDecoder(limits.maxLineLength()))
            .addLast(HandlerConstants.CHUNK_HANDLER, new ChunkedWriteHandler())
            .addLast(HandlerConstants.TIMEOUT_HANDLER, new IdleTimeoutHandler(limits.idleTimeout(), settings.hostname()))
            .addLast(SESSION_TIME_LIMIT, new SessionTimeLimit(limits.maxSessionTime(), settings.hostname()))
            .addLast(FLUSH_CONSOLIDATION, new FlushConsolidationHandler(FlushConsolidationHandler.DEFAULT_EXPLICIT_FLUSH_AFTER_FLUSHES, false))
            .addLast(InboundGate.NAME, gate)
            .addLast(HandlerConstants.CORE_HANDLER, new SmtpChannelHandler(protocol, encryption, gate, clientNames));
    }

    public InetSocketAddress boundAddress() {
        return (InetSocketAddress) serverChannel.localAddress();
    }

    public void stopAccepting() {
        if (serverChannel != null) {
            serverChannel.close().syncUninterruptibly();
        }
    }

    /** Says goodbye to every open connection with {@code 421 4.3.2} and closes it. */
    public void closeConnections(Duration timeout) throws InterruptedException {
        ClosingReply farewell = new ClosingReply("4.3.2 " + settings.hostname() + " Service shutting down, closing connection");
        for (Channel connection : connections) {
            farewell.sendAndClose(connection);
        }
        connections.newCloseFuture().await(timeout.toMillis());
    }

    public void shutdownEventLoops() {
        if (bossGroup != null) {
            bossGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
        if (ioGroup != null) {
            ioGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
