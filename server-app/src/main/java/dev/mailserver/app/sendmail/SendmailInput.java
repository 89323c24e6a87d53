package dev.mailserver.app.sendmail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * A message as programs hand it to sendmail on standard input: lines ending in LF (or CRLF), up to the
 * end of input or, unless dots are ignored ({@code -i}), a line holding just a dot.
 */
public final class SendmailInput {
    private final InputStream in;
    private final boolean dotEnds;
    private boolean ended;

    public SendmailInput(InputStream in, boolean ignoreDots) {
        this.in = in;
        this.dotEnds = !ignoreDots;
    }

    /** The next line without its line end, as bytes read as ISO-8859-1 (so 8-bit text passes unchanged); null at the end. */
    public String nextLine() throws IOException {
        if (ended) {
            return null;
        }
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b = in.read();
        while (b != -1 && b != '\n') {
            line.write(b);
            b = in.read();
        }
        if (b == -1 && line.size() == 0) {
            ended = true;
            return null;
        }
        String text = line.toString(StandardCharsets.ISO_8859_1);
        text = text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
        if (dotEnds && text.equals(".")) {
            ended = true;
            return null;
        }
        return text;
    }
}
