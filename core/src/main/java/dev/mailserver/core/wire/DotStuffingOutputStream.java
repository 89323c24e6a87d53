package dev.mailserver.core.wire;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;

/**
 * Writes a message as the data of SMTP's and LMTP's DATA (RFC 5321 section 4.5.2) or a POP3 multi-line
 * response (RFC 1939 section 3): every line ends in CRLF (a bare LF or a bare CR becomes CRLF), a line
 * that starts with {@code .} gets one more, and {@link #finish} ends the data with {@code .} on a line of
 * its own (after a CRLF when the message did not end with one).
 *
 * <p>{@link #close} closes the underlying stream without ending the data, so that a half-sent message is
 * dropped with its connection rather than taken as complete. Not thread-safe.
 */
public final class DotStuffingOutputStream extends FilterOutputStream {
    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] END = {'.', '\r', '\n'};

    private boolean lineStart = true;
    private boolean pendingCr;
    private boolean finished;

    public DotStuffingOutputStream(OutputStream out) {
        super(Objects.requireNonNull(out, "out"));
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        if (finished) {
            throw new IOException("the data is already finished");
        }
        int end = offset + length;
        int unwritten = offset;
        for (int i = offset; i < end; i++) {
            byte b = bytes[i];
            if (pendingCr) {
                pendingCr = false;
                out.write(CRLF);
                lineStart = true;
                if (b == '\n') {
                    unwritten = i + 1;
                    continue;
                }
            }
            if (b == '\r' || b == '\n') {
                out.write(bytes, unwritten, i - unwritten);
                unwritten = i + 1;
                if (b == '\r') {
                    pendingCr = true;
                } else {
                    out.write(CRLF);
                    lineStart = true;
                }
            } else if (lineStart) {
                lineStart = false;
                if (b == '.') {
                    out.write(bytes, unwritten, i - unwritten);
                    out.write('.');
                    unwritten = i;
                }
            }
        }
        out.write(bytes, unwritten, end - unwritten);
    }

    /** Ends the data with {@code .} on a line of its own and flushes; the underlying stream stays open. */
    public void finish() throws IOException {
        if (finished) {
            return;
        }
        if (pendingCr || !lineStart) {
            out.write(CRLF);
        }
        pendingCr = false;
        lineStart = true;
        out.write(END);
        out.flush();
        finished = true;
    }
}
