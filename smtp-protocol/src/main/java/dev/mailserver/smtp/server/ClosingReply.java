package dev.mailserver.smtp.server;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelOutboundInvoker;

/** A {@code 421} reply written outside the SMTP handlers, after which the connection is closed. */
final class ClosingReply {
    private final byte[] line;

    /** @param text what follows {@code 421 }, enhanced status code first */
    ClosingReply(String text) {
        this.line = ("421 " + text + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** Writes the reply to a channel (or from a handler's position in its pipeline) and closes once it is out. */
    void sendAndClose(ChannelOutboundInvoker connection) {
        connection.writeAndFlush(Unpooled.wrappedBuffer(line)).addListener(ChannelFutureListener.CLOSE);
    }
}
