package dev.mailserver.core.queue;

import java.util.Objects;

/** One message in the queue listing: the message with its per-recipient state, and its state as a whole. */
public record QueueEntry(QueuedMail mail, MessageState state) {
    public QueueEntry {
        Objects.requireNonNull(mail, "mail");
        Objects.requireNonNull(state, "state");
    }
}
