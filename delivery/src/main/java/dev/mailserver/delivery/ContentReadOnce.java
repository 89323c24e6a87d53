package dev.mailserver.delivery;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.locks.ReentrantLock;

import dev.mailserver.core.MessageContent;

/**
 * The content of a message during one delivery attempt, read from the queue once: a message of at most
 * {@link #MEMORY_LIMIT} bytes is kept in memory from its first reading on, so that the header check, the
 * loop check and the copy into each mailbox do not each read it from the spool again. A larger message is
 * read from the spool every time, so that an attempt holds no more than this in memory.
 */
final class ContentReadOnce implements MessageContent {
    /**
     * Content up to this size is read once per attempt: at most {@code delivery.concurrency} times this in
     * the heap (25 MiB for the default 100).
     */
    static final int MEMORY_LIMIT = 256 * 1024;

    private final MessageContent stored;
    private final ReentrantLock reading = new ReentrantLock();
    private byte[] bytes;

    private ContentReadOnce(MessageContent stored) {
        this.stored = stored;
    }

    /** The content for one attempt: read once if it is small enough, otherwise {@code stored} itself. */
    static MessageContent of(MessageContent stored) {
        return stored.size() <= MEMORY_LIMIT ? new ContentReadOnce(stored) : stored;
    }

    @Override
    public long size() {
        return stored.size();
    }

    /** A failed reading is not kept: the next opening reads the spool again. */
    @Override
    public InputStream openStream() throws IOException {
        reading.lock();
        try {
            if (bytes == null) {
                try (InputStream in = stored.openStream()) {
                    bytes = in.readAllBytes();
                }
            }
            return new ByteArrayInputStream(bytes);
        } finally {
            reading.unlock();
        }
    }
}
