package dev.mailserver.app.sendmail;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

import dev.mailserver.app.cli.CommandFailure;

/** Lets through at most a number of bytes; one more ends the command, as the SMTP listeners refuse a message over the limit. */
public final class SizeLimitedOutputStream extends FilterOutputStream {
    private final long maxSize;
    private long written;

    public SizeLimitedOutputStream(OutputStream out, long maxSize) {
        super(out);
        this.maxSize = maxSize;
    }

    @Override
    public void write(int b) throws IOException {
        count(1);
        out.write(b);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        count(length);
        out.write(bytes, offset, length);
    }

    private void count(int bytes) {
        written += bytes;
        if (written > maxSize) {
            throw CommandFailure.badInput("the message is larger than mailserver.smtp.max-message-size (" + maxSize + " bytes)");
        }
    }
}
