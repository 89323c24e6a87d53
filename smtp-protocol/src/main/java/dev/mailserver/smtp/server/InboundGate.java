package dev.mailserver.smtp.server;

import java.util.ArrayDeque;
import java.util.Queue;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;

/**
 * Sits just before the SMTP core handler and lets a session stop taking input while it waits for
 * something slow, such as the synced spool write behind a {@code 250}, without blocking the IO thread
 * that serves other sessions too.
 *
 * <p>While held, the channel stops reading from its socket (TCP back-pressure), and the few lines the
 * framer had already cut from the last read are kept here, in order, to be replayed on release. A
 * pipelining client's next command therefore sees the reply to the message before its own.
 *
 * <p>Holds nest: each {@link #hold()} needs its {@link #release()}, and input resumes with the last
 * release (a plugin check may hold the session while the queue hand-off it leads to holds it too).
 *
 * <p>Every method runs on the channel's event loop.
 */
public final class InboundGate extends ChannelInboundHandlerAdapter {
    static final String NAME = "inboundGate";

    private final Queue<Object> heldLines = new ArrayDeque<>();
    private ChannelHandlerContext context;
    private int holds;

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        context = ctx;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object line) {
        if (holds > 0) {
            heldLines.add(line);
        } else {
            ctx.fireChannelRead(line);
        }
    }

    void hold() {
        holds++;
        context.channel().config().setAutoRead(false);
    }

    /** Ends one hold; after the last, replays the held lines until one of them holds the gate again, then resumes reading. */
    void release() {
        if (holds > 0) {
            holds--;
        }
        while (holds == 0 && !heldLines.isEmpty()) {
            context.fireChannelRead(heldLines.poll());
        }
        if (holds == 0) {
            context.channel().config().setAutoRead(true);
        }
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        heldLines.forEach(ReferenceCountUtil::release);
        heldLines.clear();
    }
}
