package dev.mailserver.smtp;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.netty.channel.Channel;
import io.netty.handler.ssl.SslHandler;

/**
 * What a handler needs to finish a command asynchronously: hold the session's input, and later run
 * the completion back on the session's own event loop (at once or after a delay); and whether TLS is up.
 */
final class SessionFlow {
    private final Channel channel;
    private final InboundGate gate;

    SessionFlow(Channel channel, InboundGate gate) {
        this.channel = channel;
        this.gate = gate;
    }

    void hold() {
        gate.hold();
    }

    void release() {
        gate.release();
    }

    void executeOnSessionThread(Runnable task) {
        channel.eventLoop().execute(task);
    }

    void executeOnSessionThread(Runnable task, Duration delay) {
        channel.eventLoop().schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Whether the TLS handshake has completed, so that what the client sends now comes encrypted. */
    boolean isTlsEstablished() {
        SslHandler tls = channel.pipeline().get(SslHandler.class);
        return tls != null && tls.handshakeFuture().isSuccess();
    }
}
