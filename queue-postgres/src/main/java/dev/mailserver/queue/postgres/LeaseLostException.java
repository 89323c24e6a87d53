package dev.mailserver.queue.postgres;

import dev.mailserver.core.QueueId;

/**
 * A node tried to record a delivery attempt for a message whose lease it no longer holds: the lease timed
 * out and another node took the message over (and possibly recorded its own attempt). The attempt is not
 * recorded; the message's state is the other node's.
 */
public final class LeaseLostException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    LeaseLostException(QueueId id, Lease mine, String holder) {
        super(id + ": the lease of " + mine.owner() + " (epoch " + mine.epoch() + ") was taken over; " + holder
            + "; this attempt is not recorded");
    }
}
