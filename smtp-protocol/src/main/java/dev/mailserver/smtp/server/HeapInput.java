package dev.mailserver.smtp.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * Copies what a read brings from netty's direct buffer into a pooled heap buffer, in one bulk copy, and
 * releases the direct one. The framer and the line guard look at every byte for line ends; without
 * {@code sun.misc.Unsafe} (see {@code Main}) a direct buffer is read byte by byte through
 * {@code ByteBuffer.get}, a heap buffer as an array (perf, 100 KiB messages: 9% of the IO threads' time
 * went to those single-byte reads). A read is at most netty's receive buffer, so the heap holds no more.
 */
@Sharable
final class HeapInput extends ChannelInboundHandlerAdapter {
    static final String NAME = "heapInput";

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf direct) || !direct.isDirect()) {
            ctx.fireChannelRead(msg);
            return;
        }
        ByteBuf heap;
        try {
            heap = ctx.alloc().heapBuffer(direct.readableBytes());
            heap.writeBytes(direct);
        } finally {
            direct.release();
        }
        ctx.fireChannelRead(heap);
    }
}
