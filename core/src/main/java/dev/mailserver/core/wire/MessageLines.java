package dev.mailserver.core.wire;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads a stored message line by line, as mail is read off the disk to be hashed or sent: a line ends at
 * LF, a CR just before the LF is not part of it, and a last line without LF counts when it is not empty.
 * Not thread-safe; does not close the stream.
 */
public final class MessageLines {
    private final InputStream in;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);
    private byte[] bytes = new byte[0];
    private int length;
    private boolean ended;

    public MessageLines(InputStream in) {
        this.in = new BufferedInputStream(in);
    }

    /** Reads the next line; false when the stream has no more. */
    public boolean next() throws IOException {
        if (ended) {
            return false;
        }
        line.reset();
        int b;
        while ((b = in.read()) != -1 && b != '\n') {
            line.write(b);
        }
        if (b == -1) {
            ended = true;
            if (line.size() == 0) {
                return false;
            }
        }
        bytes = line.toByteArray();
        length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        return true;
    }

    /** The line read last, without its line end: its first {@link #length()} bytes (the array may hold more). */
    public byte[] bytes() {
        return bytes;
    }

    /** How many bytes of {@link #bytes()} the line read last has. */
    public int length() {
        return length;
    }
}
