package dev.mailserver.storage;

import java.io.ByteArrayInputStream;
import java.io.InputStream;

import dev.mailserver.core.MessageContent;

/** Message content held in memory, for tests. */
record BytesContent(byte[] bytes) implements MessageContent {
    @Override
    public long size() {
        return bytes.length;
    }

    @Override
    public InputStream openStream() {
        return new ByteArrayInputStream(bytes);
    }
}
