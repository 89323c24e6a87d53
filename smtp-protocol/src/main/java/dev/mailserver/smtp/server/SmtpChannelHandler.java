package dev.mailserver.smtp.server;

import java.net.InetSocketAddress;
import java.util.Optional;

import org.apache.james.protocols.api.Protocol;
import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.netty.BasicChannelInboundHandler;
import org.apache.james.protocols.netty.Encryption;
import org.apache.james.protocols.netty.ProtocolMDCContextFactory;
import org.apache.james.util.MDCBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.channel.ChannelHandlerContext;

/**
 * The library's core handler, giving each new session the means to finish commands asynchronously, and
 * logging context without the client's host name: the library's default looks it up in the DNS (a
 * blocking PTR query on the IO thread for every connection, which stalls every greeting behind a slow
 * resolver).
 */
final class SmtpChannelHandler extends BasicChannelInboundHandler {
    private static final Logger LOGGER = LoggerFactory.getLogger(SmtpChannelHandler.class);

    private final InboundGate gate;
    private final ClientNames clientNames;

    /** @param encryption how TLS is offered, or null */
    SmtpChannelHandler(Protocol protocol, Encryption encryption, InboundGate gate, ClientNames clientNames) {
        super(new AddressOnlyMdc(), protocol, encryption, false);
        this.gate = gate;
        this.clientNames = clientNames;
    }

    /** The logging context of a connection: protocol and client IP address, never a name looked up. */
    private static final class AddressOnlyMdc implements ProtocolMDCContextFactory {
        @Override
        public MDCBuilder onBound(Protocol protocol, ChannelHandlerContext ctx) {
            MDCBuilder context = MDCBuilder.create().addToContext("protocol", protocol.getName());
            if (ctx.channel().remoteAddress() instanceof InetSocketAddress client) {
                context = context.addToContext("ip", client.getAddress().getHostAddress());
            }
            return context;
        }

        @Override
        public MDCBuilder withContext(ProtocolSession session) {
            return ProtocolMDCContextFactory.from(session);
        }
    }

    /**
     * What a client can cause (a failed TLS handshake, a reset connection) is one INFO line with the
     * client's address and the reason, without a trace; everything else is left to the library.
     */
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) throws Exception {
        Optional<String> clientCaused = ClientFaults.describe(cause);
        if (clientCaused.isEmpty()) {
            super.exceptionCaught(ctx, cause);
            return;
        }
        String client = ctx.channel().remoteAddress() instanceof InetSocketAddress address ? address.getAddress().getHostAddress() : "?";
        LOGGER.info("Connection from [{}]: {}; closed", client, clientCaused.get());
        ctx.close();
    }

    @Override
    protected ProtocolSession createSession(ChannelHandlerContext ctx) {
        SmtpSession session = (SmtpSession) super.createSession(ctx);
        session.bindFlow(new SessionFlow(ctx.channel(), gate));
        session.lookUpClientName(clientNames);
        return session;
    }
}
