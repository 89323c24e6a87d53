package dev.mailserver.smtp.server;

import org.apache.james.protocols.api.Protocol;
import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.netty.BasicChannelInboundHandler;
import org.apache.james.protocols.netty.Encryption;
import org.apache.james.protocols.netty.ProtocolMDCContextFactory;

import io.netty.channel.ChannelHandlerContext;

/** The library's core handler, giving each new session the means to finish commands asynchronously. */
final class SmtpChannelHandler extends BasicChannelInboundHandler {
    private final InboundGate gate;

    /** @param encryption how TLS is offered, or null */
    SmtpChannelHandler(Protocol protocol, Encryption encryption, InboundGate gate) {
        super(new ProtocolMDCContextFactory.Standard(), protocol, encryption, false);
        this.gate = gate;
    }

    @Override
    protected ProtocolSession createSession(ChannelHandlerContext ctx) {
        SmtpSession session = (SmtpSession) super.createSession(ctx);
        session.bindFlow(new SessionFlow(ctx.channel(), gate));
        return session;
    }
}
