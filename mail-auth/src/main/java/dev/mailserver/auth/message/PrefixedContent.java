package dev.mailserver.auth.message;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;

import dev.mailserver.core.MessageContent;

/** A message with header fields put on top: the new fields in memory, the message streamed from where it is. */
public final class PrefixedContent {
    private PrefixedContent() {
    }

    /** @param fields the fields, each with its CRLF */
    public static MessageContent of(byte[] fields, MessageContent message) {
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
}
