package dev.mailserver.core;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;

import dev.mailserver.core.mime.HeaderSection;

/**
 * The bytes of a message as they travel between modules: header and body, CRLF line ends,
 * dot-stuffing already removed. It can be read more than once.
 */
public interface MessageContent {
    /** The size in bytes. */
    long size();

    /** A new stream over the whole message; the caller closes it. */
    InputStream openStream() throws IOException;

    /** The header section, read from the content at each call unless the content {@linkplain #keepingHeader keeps it}. */
    default HeaderSection header() throws IOException {
        try (InputStream in = openStream()) {
            return HeaderSection.read(in, HeaderSection.DEFAULT_MAX_BYTES);
        }
    }

    /**
     * The same content, its header section read once, when first asked for: for a delivery attempt, whose
     * hop count, quarantine mark and loop check each look at the header.
     */
    static MessageContent keepingHeader(MessageContent content) {
        return new HeaderKeptContent(content);
    }

    /**
     * The message with header fields put on top: the fields held in memory, the message streamed from where it is
     * (a trace field, a signature, an ARC set on a message in the spool).
     *
     * @param fields the fields, each with its CRLF
     */
    static MessageContent withFields(byte[] fields, MessageContent message) {
        byte[] prefix = fields.clone();
        return new MessageContent() {
            @Override
            public long size() {
                return prefix.length + message.size();
            }

            @Override
            public InputStream openStream() throws IOException {
                return new SequenceInputStream(new ByteArrayInputStream(prefix), message.openStream());
            }
        };
    }

    /** Content held in memory; for small messages made by a program (bounces, tests, embedding). */
    static MessageContent ofBytes(byte[] bytes) {
        byte[] copy = bytes.clone();
        return new MessageContent() {
            @Override
            public long size() {
                return copy.length;
            }

            @Override
            public InputStream openStream() {
                return new ByteArrayInputStream(copy);
            }
        };
    }
}
