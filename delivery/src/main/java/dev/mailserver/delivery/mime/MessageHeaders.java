package dev.mailserver.delivery.mime;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

import org.apache.james.mime4j.message.DefaultMessageBuilder;
import org.apache.james.mime4j.stream.Field;

import dev.mailserver.core.MessageContent;

/** Reads the header section of a stored message without reading its body. */
public final class MessageHeaders {
    private static final int END_OF_HEADER = 0x0D0A0D0A;

    private MessageHeaders() {
    }

    /** The header section as stored, up to and including the blank line that ends it. */
    public static byte[] headerSection(MessageContent content) throws IOException {
        ByteArrayOutputStream headers = new ByteArrayOutputStream();
        try (InputStream in = new BufferedInputStream(content.openStream())) {
            int lastFour = 0;
            int b;
            while ((b = in.read()) != -1) {
                headers.write(b);
                lastFour = (lastFour << 8) | b;
                if (lastFour == END_OF_HEADER) {
                    break;
                }
            }
        }
        return headers.toByteArray();
    }

    /** The body of the first header field of this name (case-insensitive), trimmed; empty when there is none. */
    public static Optional<String> first(MessageContent content, String fieldName) throws IOException {
        Field field = new DefaultMessageBuilder().parseHeader(new ByteArrayInputStream(headerSection(content))).getField(fieldName);
        return field == null ? Optional.empty() : Optional.of(field.getBody().strip());
    }

    /** How many header fields of this name the message has (case-insensitive). */
    public static int count(MessageContent content, String fieldName) throws IOException {
        return new DefaultMessageBuilder().parseHeader(new ByteArrayInputStream(headerSection(content))).getFields(fieldName).size();
    }
}
