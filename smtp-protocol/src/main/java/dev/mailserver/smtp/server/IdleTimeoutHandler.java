package dev.mailserver.smtp.server;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;

/**
 * Closes a connection on which the client has sent nothing for the idle timeout, saying so first
 * with {@code 421 4.4.2} (RFC 5321 4.5.3.2 timeouts; the library's handler closes silently, and only
 * after twice the configured time).
 */
final class IdleTimeoutHandler extends IdleStateHandler {
    private final ClosingReply farewell;

    IdleTimeoutHandler(Duration timeout, String hostname) {
        super(timeout.toMillis(), 0, 0, TimeUnit.MILLISECONDS);
        this.farewell = new ClosingReply("4.4.2 " + hostname + " Timeout exceeded, closing connection");
    }

    @Override
    protected void channelIdle(ChannelHandlerContext ctx, IdleStateEvent event) {
        if (event.state() == IdleState.READER_IDLE && event.isFirst()) {
            farewell.sendAndClose(ctx);
        }
    }
}
