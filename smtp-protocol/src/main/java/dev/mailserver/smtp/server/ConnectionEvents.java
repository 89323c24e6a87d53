package dev.mailserver.smtp.server;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;

import dev.mailserver.smtp.ListenerEvents;
import dev.mailserver.smtp.ListenerSettings;

/** Reports a listener's connections and TLS handshakes to its {@link ListenerEvents}; passes everything on. */
@Sharable
final class ConnectionEvents extends ChannelInboundHandlerAdapter {
    private final ListenerSettings settings;
    private final ListenerEvents events;

    ConnectionEvents(ListenerSettings settings, ListenerEvents events) {
        this.settings = settings;
        this.events = events;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        events.connectionOpened(settings);
        ctx.channel().closeFuture().addListener(closed -> events.connectionClosed(settings));
        super.channelActive(ctx);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof SslHandshakeCompletionEvent completion && completion.isSuccess()) {
            SslHandler tls = ctx.pipeline().get(SslHandler.class);
            events.tlsEstablished(settings, tls == null ? "unknown" : tls.engine().getSession().getProtocol());
        }
        super.userEventTriggered(ctx, event);
    }
}
