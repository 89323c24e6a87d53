package dev.mailserver.auth.message;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

import dev.mailserver.core.mime.HeaderSection;
import dev.mailserver.core.mime.HeaderSection.Field;

/**
 * A message as its header fields (read by core's {@link HeaderSection}, each field's text as written)
 * and its body with CRLF line ends (bare LF read as CRLF, as a local {@code sendmail} may hand over
 * either). Header text is hashed as UTF-8, the bytes it was read from.
 */
public final class MailMessage {
    private static final byte[] CRLF = {'\r', '\n'};

    private final List<Field> headers;
    private final byte[] body;

    private MailMessage(List<Field> headers, byte[] body) {
        this.headers = List.copyOf(headers);
        this.body = body;
    }

    public static MailMessage parse(byte[] message) {
        HeaderSection section = HeaderSection.parse(message);
        byte[] body = section.complete() ? Arrays.copyOfRange(message, section.bytes().length, message.length) : new byte[0];
        return new MailMessage(section.fields(), crlf(body));
    }

    /** A header field from its text ("Name: value", folded lines joined by CRLF). */
    public static Field field(String text) {
        List<Field> fields = HeaderSection.parse((text + "\r\n").getBytes(StandardCharsets.UTF_8)).fields();
        if (fields.size() != 1) {
            throw new IllegalArgumentException("not one header field: " + text);
        }
        return fields.get(0);
    }

    public List<Field> headers() {
        return headers;
    }

    /** The body with CRLF line ends. */
    public byte[] body() {
        return body.clone();
    }

    public List<Field> headers(String name) {
        return headers.stream().filter(field -> field.isNamed(name)).toList();
    }

    public Optional<Field> firstHeader(String name) {
        return headers.stream().filter(field -> field.isNamed(name)).findFirst();
    }

    /** The same message with these fields put in front of the header section. */
    public MailMessage withPrepended(List<Field> fields) {
        List<Field> all = new ArrayList<>(fields);
        all.addAll(headers);
        return new MailMessage(all, body);
    }

    /** The same message without the header fields that match. */
    public MailMessage without(Predicate<Field> unwanted) {
        return new MailMessage(headers.stream().filter(unwanted.negate()).toList(), body);
    }

    /** The header section as bytes, the empty line that ends it included. */
    public byte[] headerBytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
        for (Field field : headers) {
            out.writeBytes(field.text().getBytes(StandardCharsets.UTF_8));
            out.writeBytes(CRLF);
        }
        out.writeBytes(CRLF);
        return out.toByteArray();
    }

    /** The message as bytes again, CRLF line ends. */
    public byte[] toBytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + 4096);
        out.writeBytes(headerBytes());
        out.writeBytes(body);
        return out.toByteArray();
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
