package dev.mailserver.smtp.server;

import java.net.InetSocketAddress;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ByteProcessor;
import io.netty.util.ReferenceCountUtil;

/**
 * Closes a connection whose line goes on without end. The framer answers {@code 500 5.5.2} as soon as
 * a line passes the line-length limit and then discards bytes until the next line end, which a client
 * may never send; this handler, in front of the framer, closes the connection (with {@code 421}) once
 * the line has run {@link #ALLOWANCE} bytes past the limit. One per connection.
 */
final class UnendedLineGuard extends ChannelInboundHandlerAdapter {
    static final String NAME = "unendedLineGuard";
    /** How far past the line-length limit a line may run before the connection is closed. */
    static final int ALLOWANCE = 64 * 1024;
    private static final Logger LOGGER = LoggerFactory.getLogger(UnendedLineGuard.class);

    private final long maxBytesWithoutLineEnd;
    private long sinceLineEnd;
    private boolean closing;

    UnendedLineGuard(int maxLineLength) {
        this.maxBytesWithoutLineEnd = (long) maxLineLength + ALLOWANCE;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf bytes)) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (closing) {
            ReferenceCountUtil.release(msg);
            return;
        }
        int lastLineEnd = bytes.forEachByteDesc(ByteProcessor.FIND_LF);
        sinceLineEnd = lastLineEnd < 0 ? sinceLineEnd + bytes.readableBytes() : bytes.writerIndex() - lastLineEnd - 1;
        if (sinceLineEnd <= maxBytesWithoutLineEnd) {
            ctx.fireChannelRead(msg);
            return;
        }
        closing = true;
        ReferenceCountUtil.release(msg);
        LOGGER.info("Closing the connection of [{}]: a line ran past {} bytes without a line end", ((InetSocketAddress) ctx.channel().remoteAddress()).getAddress().getHostAddress(),
            maxBytesWithoutLineEnd);
        ctx.channel().config().setAutoRead(false);
        new ClosingReply("4.7.0 Line without end, closing connection").sendAndClose(ctx);
    }
}
