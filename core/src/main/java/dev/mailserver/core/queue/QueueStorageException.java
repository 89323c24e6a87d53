package dev.mailserver.core.queue;

import java.io.IOException;

/**
 * The spool could not store something because its storage failed: the disk is full (or below the
 * configured reserve) or a write to it failed. Nothing of the failed operation is kept, what was stored
 * before is intact, and the queue goes on serving; trying again later may succeed. An SMTP server answers
 * {@code 452 4.3.1} to a message whose enqueue failed with it.
 */
public class QueueStorageException extends IOException {
    private static final long serialVersionUID = 1L;

    public QueueStorageException(String message) {
        super(message);
    }

    public QueueStorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
