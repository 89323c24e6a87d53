package dev.mailserver.smtp;

import io.netty.channel.Channel;

/**
 * What a handler needs to finish a command asynchronously: hold the session's input, and later run
 * the completion back on the session's own event loop.
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
}
