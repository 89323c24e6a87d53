package dev.mailserver.smtp.server;

import java.nio.charset.StandardCharsets;
import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.TooLongFrameException;

/**
 * Cuts the input into what the SMTP handlers take: lines (line end kept; an over-long line is dropped and
 * reported as soon as it passes the limit, as netty's {@code LineBasedFrameDecoder} does with failFast), and
 * after a well-formed BDAT command line the octets of its chunk (RFC 3030), passed on as they arrive, never gathered, so that a chunk of any size
 * takes no more memory than one read.
 *
 * <p>It switches to a chunk by itself, at once, because the octets after {@code BDAT} may arrive in the
 * same read, before the command is handled. Inside DATA a line that reads like BDAT is message text: the
 * DATA command says when the message lines begin ({@link #enterMessageLines}), and the framer sees their
 * end, the {@code .<CRLF>} line, itself.
 *
 * <p>In the body of a DATA message (after the empty line that ends its header section) the whole lines at hand
 * that end in CRLF, do not start with a dot and are within the limit go on as one frame: for the DATA line
 * filters they are ordinary body lines, which each passes on as it came (counted, written), so that a
 * large message takes a few calls through them instead of one per line. Any other line (the header's, a
 * dot-stuffed one, one with a bare LF, the end of DATA) goes alone, as before.
 *
 * <p>Line ends are searched in the heap buffer's array ({@link HeapInput} makes every read one): netty's
 * own search reads a byte at a time through the buffer without {@code sun.misc.Unsafe} (a fifth of the IO
 * threads' time with 100 KiB messages); {@link LineFeeds} reads eight at a time.
 */
final class SmtpFrameDecoder extends ByteToMessageDecoder {
    private static final int LONGEST_BDAT_LINE = 64;

    private final int maxLineLength;
    private long chunkRemaining;
    private boolean messageLines;
    /** Whether the message lines have passed the empty line after the header section. */
    private boolean body;
    /** Whether the bytes up to the next line end belong to an over-long line, reported already, and are dropped. */
    private boolean dropping;
    /** How far the buffer has been searched for a line end already, from its reader index. */
    private int searched;

    SmtpFrameDecoder(int maxLineLength) {
        this.maxLineLength = maxLineLength;
    }

    /** From the next frame on, lines are message text until the {@code .<CRLF>} line. */
    void enterMessageLines() {
        messageLines = true;
        body = false;
    }

    /** One frame per call: netty passes it on, and it is handled, before the next is cut. */
    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf buffer, List<Object> out) {
        Object frame = frame(ctx, buffer);
        if (frame != null) {
            out.add(frame);
        }
    }

    private Object frame(ChannelHandlerContext ctx, ByteBuf buffer) {
        if (chunkRemaining > 0) {
            int length = (int) Math.min(chunkRemaining, buffer.readableBytes());
            if (length == 0) {
                return null;
            }
            chunkRemaining -= length;
            return buffer.readRetainedSlice(length);
        }
        ByteBuf line = line(ctx, buffer);
        if (line != null) {
            if (messageLines && body && isPlainBodyLine(line)) {
                return withPlainLinesAfter(line, buffer);
            }
            if (messageLines) {
                messageLines = !isTerminator(line);
                body = body || isEmptyLine(line);
            } else if (line.readableBytes() <= LONGEST_BDAT_LINE) {
                BdatSyntax.ofCommandLine(line.toString(StandardCharsets.US_ASCII)).ifPresent(bdat -> chunkRemaining = bdat.size());
            }
        }
        return line;
    }

    /**
     * The next line with its line end, or null when the buffer holds no whole line yet. A line longer than the
     * limit is reported (as {@link TooLongFrameException}) once it passes the limit, and dropped up to its end.
     */
    private ByteBuf line(ChannelHandlerContext ctx, ByteBuf buffer) {
        int lineFeed = indexOfLineFeed(buffer);
        if (lineFeed < 0) {
            searched = buffer.readableBytes();
            if (!dropping && searched > maxLineLength) {
                dropping = true;
                tooLong(ctx, searched);
            }
            if (dropping) {
                buffer.skipBytes(searched);
                searched = 0;
            }
            return null;
        }
        searched = 0;
        int end = lineFeed + 1;
        int length = end - buffer.readerIndex();
        if (dropping) {
            dropping = false;
            buffer.readerIndex(end);
            return null;
        }
        int lengthWithoutEnd = length - (lineFeed > buffer.readerIndex() && buffer.getByte(lineFeed - 1) == '\r' ? 2 : 1);
        if (lengthWithoutEnd > maxLineLength) {
            buffer.readerIndex(end);
            tooLong(ctx, lengthWithoutEnd);
            return null;
        }
        return buffer.readRetainedSlice(length);
    }

    /**
     * {@code line} (just read from {@code buffer}) and the plain body lines that follow it whole in the buffer,
     * as one frame.
     */
    private ByteBuf withPlainLinesAfter(ByteBuf line, ByteBuf buffer) {
        int start = buffer.readerIndex() - line.readableBytes();
        int end = buffer.readerIndex();
        int lineFeed;
        while ((lineFeed = indexOfLineFeed(buffer, end)) >= 0 && isPlainBodyLine(buffer, end, lineFeed + 1)) {
            end = lineFeed + 1;
        }
        if (lineFeed < 0) {
            // The unended line after the block is searched already: the next call goes on from its end.
            searched = buffer.writerIndex() - end;
        }
        if (end == buffer.readerIndex()) {
            return line;
        }
        line.release();
        buffer.readerIndex(end);
        return buffer.retainedSlice(start, end - start);
    }

    private boolean isPlainBodyLine(ByteBuf line) {
        return isPlainBodyLine(line, line.readerIndex(), line.writerIndex());
    }

    /** A line (from {@code start} to {@code end}, its LF included) ending in CRLF, within the limit, not starting with a dot. */
    private boolean isPlainBodyLine(ByteBuf buffer, int start, int end) {
        int length = end - start;
        return length >= 2 && length - 2 <= maxLineLength && byteAt(buffer, end - 2) == '\r' && byteAt(buffer, start) != '.';
    }

    /** {@code buffer.getByte(index)}, from the heap buffer's array without the buffer's checks per call. */
    private static byte byteAt(ByteBuf buffer, int index) {
        return buffer.hasArray() ? buffer.array()[buffer.arrayOffset() + index] : buffer.getByte(index);
    }

    private static boolean isEmptyLine(ByteBuf line) {
        return line.readableBytes() == 2 && line.getByte(line.readerIndex()) == '\r';
    }

    /** The index of the first LF after what was searched before, or -1. */
    private int indexOfLineFeed(ByteBuf buffer) {
        return indexOfLineFeed(buffer, buffer.readerIndex() + searched);
    }

    /** The index of the first LF from {@code from} on, or -1. */
    private static int indexOfLineFeed(ByteBuf buffer, int from) {
        int to = buffer.writerIndex();
        if (!buffer.hasArray()) {
            return buffer.indexOf(from, to, (byte) '\n');
        }
        int shift = buffer.arrayOffset();
        int found = LineFeeds.firstIndex(buffer.array(), from + shift, to + shift);
        return found < 0 ? -1 : found - shift;
    }

    private void tooLong(ChannelHandlerContext ctx, long length) {
        ctx.fireExceptionCaught(new TooLongFrameException("frame length (" + length + ") exceeds the allowed maximum (" + maxLineLength + ")"));
    }

    private static boolean isTerminator(ByteBuf line) {
        return line.readableBytes() == 3 && line.getByte(line.readerIndex()) == '.'
            && line.getByte(line.readerIndex() + 1) == '\r' && line.getByte(line.readerIndex() + 2) == '\n';
    }
}
