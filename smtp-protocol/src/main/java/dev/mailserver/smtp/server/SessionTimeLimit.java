package dev.mailserver.smtp.server;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/** Ends a connection that has lasted longer than the session time limit, busy or not, with {@code 421 4.4.2}. */
final class SessionTimeLimit extends ChannelInboundHandlerAdapter {
    private final Duration limit;
    private final ClosingReply farewell;
    private ScheduledFuture<?> timer;

    SessionTimeLimit(Duration limit, String hostname) {
        this.limit = limit;
        this.farewell = new ClosingReply("4.4.2 " + hostname + " Session time limit exceeded, closing connection");
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        timer = ctx.executor().schedule(() -> {
            farewell.sendAndClose(ctx);
        }, limit.toMillis(), TimeUnit.MILLISECONDS);
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (timer != null) {
            timer.cancel(false);
        }
        ctx.fireChannelInactive();
    }
}
