package dev.mailserver.queue.postgres;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

import dev.mailserver.core.queue.MessageState;
import dev.mailserver.core.queue.QueueEntry;
import dev.mailserver.core.queue.QueuedMail;

/**
 * A message row with its recipients, as the queue reads it: the message as the delivery side sees it plus
 * what only the queue needs.
 *
 * @param held put on hold by an administrator
 * @param delayWarned the delay warning has been queued for it
 * @param lease the lease on it, possibly timed out; empty when none
 */
record StoredMessage(QueuedMail mail, boolean held, boolean delayWarned, Optional<Lease> lease) {
    StoredMessage {
        Objects.requireNonNull(mail, "mail");
        Objects.requireNonNull(lease, "lease");
    }

    /** The message as an administrator sees it at {@code now}. */
    QueueEntry entry(Instant now) {
        MessageState state;
        if (held) {
            state = MessageState.HELD;
        } else if (lease.filter(taken -> now.isBefore(taken.until())).isPresent()) {
            state = MessageState.ACTIVE;
        } else {
            state = mail.attempts() > 0 ? MessageState.DEFERRED : MessageState.QUEUED;
        }
        return new QueueEntry(mail, state);
    }
}
