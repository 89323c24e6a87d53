package dev.mailserver.core.queue;

import java.util.List;
import java.util.Objects;

/** One queued message in full, as {@code postcat} would show it: envelope, per-recipient state and header. */
public record MessageDetails(QueueEntry entry, List<MessageHeader> headers) {
    public MessageDetails {
        Objects.requireNonNull(entry, "entry");
        headers = List.copyOf(headers);
    }
}
