package dev.mailserver.auth.message;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

import dev.mailserver.core.MessageContent;
import dev.mailserver.core.mime.HeaderSection;
import dev.mailserver.core.mime.HeaderSection.Field;

/**
 * A message as its header fields (read by core's {@link HeaderSection}, each field's text as written,
 * hashed as UTF-8, the bytes it was read from) and its body, which stays where it is (the spool file) and
 * is read as a stream each time a hash needs it.
 */
public final class MailMessage {
    private static final byte[] CRLF = {'\r', '\n'};

    /** Where the body is read from; a new stream each time. */
    @FunctionalInterface
    public interface Body {
        InputStream open() throws IOException;
    }

    private final List<Field> headers;
    private final long headerLength;
    private final Body body;

    private MailMessage(List<Field> headers, long headerLength, Body body) {
        this.headers = List.copyOf(headers);
        this.headerLength = headerLength;
        this.body = body;
    }

    /** A message held in memory. */
    public static MailMessage parse(byte[] message) {
        HeaderSection section = HeaderSection.parse(message);
        int length = section.complete() ? section.bytes().length : message.length;
        return new MailMessage(section.fields(), length, () -> new ByteArrayInputStream(message, length, message.length - length));
    }

    /** A message whose header section is read now (at most {@link HeaderSection#DEFAULT_MAX_BYTES}) and whose body is read when needed. */
    public static MailMessage read(MessageContent content) throws IOException {
        HeaderSection section = content.header();
        long length = section.bytes().length;
        return new MailMessage(section.fields(), length, () -> {
            InputStream in = content.openStream();
            in.skipNBytes(length);
            return in;
        });
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

    public List<Field> headers(String name) {
        return headers.stream().filter(field -> field.isNamed(name)).toList();
    }

    public Optional<Field> firstHeader(String name) {
        return headers.stream().filter(field -> field.isNamed(name)).findFirst();
    }

    /** How many bytes of the source the header section took, its empty line included. */
    public long headerLength() {
        return headerLength;
    }

    /** A new stream over the body as received (line ends as they were). */
    public InputStream openBody() throws IOException {
        return body.open();
    }

    /** The same message with these fields put in front of the header section. */
    public MailMessage withPrepended(List<Field> fields) {
        List<Field> all = new ArrayList<>(fields);
        all.addAll(headers);
        return new MailMessage(all, headerLength, body);
    }

    /** The same message without the header fields that match. */
    public MailMessage without(Predicate<Field> unwanted) {
        return new MailMessage(headers.stream().filter(unwanted.negate()).toList(), headerLength, body);
    }

    /** The header section as bytes, CRLF line ends, the empty line that ends it included. */
    public byte[] headerBytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
        for (Field field : headers) {
            out.writeBytes(field.text().getBytes(StandardCharsets.UTF_8));
            out.writeBytes(CRLF);
        }
        out.writeBytes(CRLF);
        return out.toByteArray();
    }

    /** The whole message in memory: the header section of {@link #headerBytes()}, then the body as received. */
    public byte[] toBytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(headerBytes());
        try (InputStream in = openBody()) {
            in.transferTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the body", e);
        }
        return out.toByteArray();
    }
}
