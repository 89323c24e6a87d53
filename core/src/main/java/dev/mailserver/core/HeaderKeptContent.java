package dev.mailserver.core;

import java.io.IOException;
import java.io.InputStream;

import dev.mailserver.core.mime.HeaderSection;

/** {@link MessageContent#keepingHeader}: a content whose header section is read at most once (twice when two threads race). */
final class HeaderKeptContent implements MessageContent {
    private final MessageContent content;
    private volatile HeaderSection header;

    HeaderKeptContent(MessageContent content) {
        this.content = content;
    }

    @Override
    public long size() {
        return content.size();
    }

    @Override
    public InputStream openStream() throws IOException {
        return content.openStream();
    }

    /** A failed reading is not kept: the next call reads again. */
    @Override
    public HeaderSection header() throws IOException {
        HeaderSection read = header;
        if (read == null) {
            read = content.header();
            header = read;
        }
        return read;
    }
}
