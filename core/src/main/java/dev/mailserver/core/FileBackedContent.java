package dev.mailserver.core;

import java.nio.file.Path;

/**
 * Content whose bytes are a head held in memory followed by those of a file from some offset on: a
 * message received into a scratch file, perhaps with its header section replaced (a signature or an
 * Authentication-Results field added). A mail queue that keeps content in files may take the file over
 * (move it) instead of copying its bytes; any other reader just calls {@link #openStream()}.
 *
 * <p>The file is complete and closed: nothing writes to it any more. Whoever owns the content deletes the
 * file at its path when done, and finds nothing there once a queue has moved it away.
 */
public interface FileBackedContent extends MessageContent {
    /** The file that holds the content after the {@link #head()}. */
    Path file();

    /** The bytes that come before the file's. */
    byte[] head();

    /** How many of the file's first bytes are not part of the content (the head replaces them). */
    long skippedBytes();
}
