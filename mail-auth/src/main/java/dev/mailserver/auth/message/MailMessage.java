package dev.mailserver.auth.message;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * A message split into its header fields and its body, lines ending in CRLF (bare LF read as CRLF, as
 * the spool and a local {@code sendmail} may hand over either).
 */
public final class MailMessage {
    private final List<HeaderField> headers;
    private final byte[] body;

    private MailMessage(List<HeaderField> headers, byte[] body) {
        this.headers = List.copyOf(headers);
        this.body = body;
    }

    public static MailMessage parse(byte[] message) {
        List<HeaderField> headers = new ArrayList<>();
        StringBuilder field = null;
        int position = 0;
        while (position < message.length) {
            int end = lineEnd(message, position);
            String line = new String(message, position, contentEnd(message, position, end) - position, StandardCharsets.ISO_8859_1);
            int next = Math.min(end + 1, message.length);
            if (line.isEmpty()) {
                position = next;
                break;
            }
            boolean continuation = line.charAt(0) == ' ' || line.charAt(0) == '\t';
            if (continuation && field != null) {
                field.append("\r\n").append(line);
            } else if (line.indexOf(':') > 0) {
                add(headers, field);
                field = new StringBuilder(line);
            } else {
                // not a header line: the header section ended without an empty line
                break;
            }
            position = next;
        }
        add(headers, field);
        return new MailMessage(headers, crlf(Arrays.copyOfRange(message, Math.min(position, message.length), message.length)));
    }

    public List<HeaderField> headers() {
        return headers;
    }

    /** The body with CRLF line ends. */
    public byte[] body() {
        return body.clone();
    }

    public List<HeaderField> headers(String name) {
        return headers.stream().filter(field -> field.hasName(name)).toList();
    }

    public Optional<HeaderField> firstHeader(String name) {
        return headers.stream().filter(field -> field.hasName(name)).findFirst();
    }

    /** The same message with these fields put in front of the header section. */
    public MailMessage withPrepended(List<HeaderField> fields) {
        List<HeaderField> all = new ArrayList<>(fields);
        all.addAll(headers);
        return new MailMessage(all, body);
    }

    /** The same message without the header fields that match. */
    public MailMessage without(Predicate<HeaderField> unwanted) {
        return new MailMessage(headers.stream().filter(unwanted.negate()).toList(), body);
    }

    /** The message as bytes again, CRLF line ends. */
    public byte[] toBytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + 4096);
        for (HeaderField field : headers) {
            out.writeBytes(field.raw().getBytes(StandardCharsets.ISO_8859_1));
            out.writeBytes(CRLF);
        }
        out.writeBytes(CRLF);
        out.writeBytes(body);
        return out.toByteArray();
    }

    private static final byte[] CRLF = {'\r', '\n'};

    private static void add(List<HeaderField> headers, StringBuilder field) {
        if (field != null) {
            headers.add(new HeaderField(field.toString()));
        }
    }

    private static int lineEnd(byte[] bytes, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                return i;
            }
        }
        return bytes.length;
    }

    private static int contentEnd(byte[] bytes, int from, int lineEnd) {
        return lineEnd > from && bytes[lineEnd - 1] == '\r' ? lineEnd - 1 : lineEnd;
    }

    private static byte[] crlf(byte[] text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length + text.length / 40);
        for (int i = 0; i < text.length; i++) {
            if (text[i] == '\n' && (i == 0 || text[i - 1] != '\r')) {
                out.write('\r');
            }
            out.write(text[i]);
        }
        return out.toByteArray();
    }
}
