package dev.mailserver.app.managesieve;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;

import dev.mailserver.storage.sieve.SieveScript;

/**
 * Cuts the client's bytes into commands (RFC 5804 section 4): atoms, quoted strings with {@code \} escapes and
 * literals {@code {n+}} / {@code {n}} (whose bytes may hold line ends), up to the CRLF that ends the command. A command
 * is a {@link Command}; one that breaks the syntax or is longer than {@link #MAX_COMMAND} is a {@link Malformed}, and
 * the rest of its line is skipped.
 */
final class ManageSieveDecoder extends ByteToMessageDecoder {
    /** A script at its largest, with room for the command around it. */
    static final int MAX_COMMAND = SieveScript.MAX_BYTES + 4096;

    /** One command: its words, strings decoded. @param words the command name first (or a SASL response) */
    record Command(List<String> words) {
    }

    record Malformed(String reason) {
    }

    private static final class NeedMore extends Exception {
        NeedMore() {
            super(null, null, false, false);
        }
    }

    private static final class Broken extends Exception {
        Broken(String reason) {
            super(reason, null, false, false);
        }
    }

    /** Whether bytes after the last decoded command are waiting: sent before a TLS handshake, they must not count as sent after it. */
    boolean hasBufferedInput() {
        return actualReadableBytes() > 0;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        int start = in.readerIndex();
        int end = in.writerIndex();
        List<String> words = new ArrayList<>();
        int position = start;
        try {
            while (true) {
                while (position < end && in.getByte(position) == ' ') {
                    position++;
                }
                if (position >= end) {
                    throw new NeedMore();
                }
                byte c = in.getByte(position);
                if (c == '\r' || c == '\n') {
                    position = lineEnd(in, position, end);
                    in.readerIndex(position);
                    out.add(new Command(List.copyOf(words)));
                    return;
                }
                if (c == '"') {
                    position = quoted(in, position + 1, end, words);
                } else if (c == '{') {
                    position = literal(in, position + 1, end, words);
                } else {
                    int from = position;
                    while (position < end && !isDelimiter(in.getByte(position))) {
                        position++;
                    }
                    words.add(in.toString(from, position - from, StandardCharsets.UTF_8));
                }
            }
        } catch (NeedMore incomplete) {
            if (end - start > MAX_COMMAND) {
                in.skipBytes(in.readableBytes());
                out.add(new Malformed("the command is longer than " + MAX_COMMAND + " bytes"));
            }
        } catch (Broken broken) {
            int newline = in.indexOf(position, end, (byte) '\n');
            if (newline < 0) {
                in.skipBytes(in.readableBytes());
            } else {
                in.readerIndex(newline + 1);
            }
            out.add(new Malformed(broken.getMessage()));
        }
    }

    private static boolean isDelimiter(byte c) {
        return c == ' ' || c == '\r' || c == '\n' || c == '"' || c == '{';
    }

    private static int lineEnd(ByteBuf in, int position, int end) throws NeedMore, Broken {
        if (in.getByte(position) == '\n') {
            return position + 1;
        }
        if (position + 1 >= end) {
            throw new NeedMore();
        }
        if (in.getByte(position + 1) != '\n') {
            throw new Broken("a CR not followed by LF");
        }
        return position + 2;
    }

    private static int quoted(ByteBuf in, int position, int end, List<String> words) throws NeedMore, Broken {
        ByteArrayOutputStream value = new ByteArrayOutputStream();
        while (position < end) {
            byte c = in.getByte(position++);
            if (c == '"') {
                words.add(value.toString(StandardCharsets.UTF_8));
                return position;
            }
            if (c == '\r' || c == '\n') {
                throw new Broken("a quoted string cannot hold a line end; send a literal");
            }
            if (c == '\\') {
                if (position >= end) {
                    throw new NeedMore();
                }
                c = in.getByte(position++);
            }
            value.write(c);
        }
        throw new NeedMore();
    }

    /** {@code {n+}CRLF} or {@code {n}CRLF}, then n bytes. */
    private static int literal(ByteBuf in, int position, int end, List<String> words) throws NeedMore, Broken {
        long length = 0;
        int digits = 0;
        while (position < end && Character.isDigit(in.getByte(position))) {
            length = length * 10 + (in.getByte(position++) - '0');
            if (++digits > 9) {
                throw new Broken("a literal longer than " + MAX_COMMAND + " bytes");
            }
        }
        if (position < end && in.getByte(position) == '+') {
            position++;
        }
        if (position >= end) {
            throw new NeedMore();
        }
        if (digits == 0 || in.getByte(position) != '}') {
            throw new Broken("a literal is {length+} or {length}");
        }
        if (length > MAX_COMMAND) {
            throw new Broken("a literal longer than " + MAX_COMMAND + " bytes");
        }
        if (position + 1 >= end) {
            throw new NeedMore();
        }
        position = lineEnd(in, position + 1, end);
        if (position + length > end) {
            throw new NeedMore();
        }
        words.add(in.toString(position, (int) length, StandardCharsets.UTF_8));
        return position + (int) length;
    }
}
