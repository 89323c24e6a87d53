package dev.mailserver.core;

import java.io.IOException;
import java.io.InputStream;

/**
 * The bytes of a message as they travel between modules: header and body, CRLF line ends,
 * dot-stuffing already removed. It can be read more than once.
 */
public interface MessageContent {
    /** The size in bytes. */
    long size();

    /** A new stream over the whole message; the caller closes it. */
    InputStream openStream() throws IOException;
}
