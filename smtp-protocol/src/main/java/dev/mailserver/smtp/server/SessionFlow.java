package dev.mailserver.smtp.server;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.netty.channel.Channel;
import io.netty.handler.ssl.SslHandler;

/**
 * What a handler needs to finish a command asynchronously: hold the session's input, and later run
 * the completion back on the session's own event loop (at once or after a delay); and whether TLS is up.
 */
public final class SessionFlow {
    private final Channel channel;
    private final InboundGate gate;

    SessionFlow(Channel channel, InboundGate gate) {
        this.channel = channel;
        this.gate = gate;
    }

    public void hold() {
        gate.hold();
    }

    public void release() {
        gate.release();
    }

    public void executeOnSessionThread(Runnable task) {
        channel.eventLoop().execute(task);
    }

    public void executeOnSessionThread(Runnable task, Duration delay) {
        channel.eventLoop().schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Tells the framer that message lines follow (DATA has been answered with 354) until the {@code .<CRLF>} line. */
    public void enterMessageLines() {
        SmtpFrameDecoder framer = channel.pipeline().get(SmtpFrameDecoder.class);
        if (framer != null) {
            framer.enterMessageLines();
        }
    }

    /** Whether the TLS handshake has completed, so that what the client sends now comes encrypted. */
    public boolean isTlsEstablished() {
        SslHandler tls = channel.pipeline().get(SslHandler.class);
        return tls != null && tls.handshakeFuture().isSuccess();
    }
}
