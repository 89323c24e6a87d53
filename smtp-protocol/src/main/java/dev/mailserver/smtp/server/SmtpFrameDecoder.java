package dev.mailserver.smtp.server;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.LineBasedFrameDecoder;

/**
 * Cuts the input into what the SMTP handlers take: lines (line end kept; an over-long line is dropped and
 * reported as soon as it passes the limit, as netty's {@link LineBasedFrameDecoder} does with failFast), and
 * after a well-formed BDAT command line the octets of its chunk (RFC 3030), passed on as they arrive, never gathered, so that a chunk of any size
 * takes no more memory than one read.
 *
 * <p>It switches to a chunk by itself, at once, because the octets after {@code BDAT} may arrive in the
 * same read, before the command is handled. Inside DATA a line that reads like BDAT is message text: the
 * DATA command says when the message lines begin ({@link #enterMessageLines}), and the framer sees their
 * end, the {@code .<CRLF>} line, itself.
 */
final class SmtpFrameDecoder extends LineBasedFrameDecoder {
    private static final int LONGEST_BDAT_LINE = 64;

    private long chunkRemaining;
    private boolean messageLines;

    SmtpFrameDecoder(int maxLineLength) {
        super(maxLineLength, false, true);
    }

    /** From the next frame on, lines are message text until the {@code .<CRLF>} line. */
    void enterMessageLines() {
        messageLines = true;
    }

    /** One frame per call: netty passes it on, and it is handled, before the next is cut. */
    @Override
    protected Object decode(ChannelHandlerContext ctx, ByteBuf buffer) throws Exception {
        if (chunkRemaining > 0) {
            int length = (int) Math.min(chunkRemaining, buffer.readableBytes());
            if (length == 0) {
                return null;
            }
            chunkRemaining -= length;
            return buffer.readRetainedSlice(length);
        }
        Object frame = super.decode(ctx, buffer);
        if (frame instanceof ByteBuf line) {
            if (messageLines) {
                messageLines = !isTerminator(line);
            } else if (line.readableBytes() <= LONGEST_BDAT_LINE) {
                BdatSyntax.ofCommandLine(line.toString(StandardCharsets.US_ASCII)).ifPresent(bdat -> chunkRemaining = bdat.size());
            }
        }
        return frame;
    }

    private static boolean isTerminator(ByteBuf line) {
        return line.readableBytes() == 3 && line.getByte(line.readerIndex()) == '.'
            && line.getByte(line.readerIndex() + 1) == '\r' && line.getByte(line.readerIndex() + 2) == '\n';
    }
}
