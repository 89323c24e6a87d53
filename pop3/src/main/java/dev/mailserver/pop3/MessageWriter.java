package dev.mailserver.pop3;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;

import dev.mailserver.core.wire.DotStuffingOutputStream;
import dev.mailserver.core.wire.MessageLines;

/**
 * Sends a stored message as a POP3 multi-line response (RFC 1939 section 3): lines ending in CRLF, a line starting
 * with {@code .} stuffed with another, the whole closed by {@code .} alone. Written in chunks, each waited for, so
 * that a slow client holds back the reading of the file rather than filling memory.
 */
final class MessageWriter {
    private static final int CHUNK = 64 * 1024;

    private MessageWriter() {
    }

    /** @param bodyLines for TOP: how many lines of the body follow the header; negative for the whole message */
    static void send(Channel channel, String firstLine, Path file, long bodyLines) throws IOException, InterruptedException {
        ByteArrayOutputStream chunk = new ByteArrayOutputStream(CHUNK + 1024);
        chunk.writeBytes((firstLine + "\r\n").getBytes(StandardCharsets.US_ASCII));
        DotStuffingOutputStream data = new DotStuffingOutputStream(chunk);
        try (InputStream in = Files.newInputStream(file)) {
            MessageLines lines = new MessageLines(in);
            boolean inBody = false;
            long bodyLinesSent = 0;
            while (lines.next()) {
                if (inBody && bodyLines >= 0 && bodyLinesSent++ >= bodyLines) {
                    break;
                }
                data.write(lines.bytes(), 0, lines.length());
                data.write('\n');
                if (!inBody && lines.length() == 0) {
                    inBody = true;
                }
                if (chunk.size() >= CHUNK) {
                    flush(channel, chunk);
                }
            }
        }
        data.finish();
        flush(channel, chunk);
    }

    private static void flush(Channel channel, ByteArrayOutputStream chunk) throws InterruptedException, IOException {
        if (!channel.writeAndFlush(Unpooled.wrappedBuffer(chunk.toByteArray())).await().isSuccess()) {
            throw new IOException("the client went away");
        }
        chunk.reset();
    }
}
