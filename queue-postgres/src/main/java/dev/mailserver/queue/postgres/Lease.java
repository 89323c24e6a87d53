package dev.mailserver.queue.postgres;

import java.time.Instant;
import java.util.Objects;

/**
 * A node's right to deliver one message and record the attempt.
 *
 * @param owner the node that took it
 * @param epoch the fencing token: the message's lease count when it was taken. A node may record an attempt
 *     only while the message still carries its lease's epoch; a node that took the message over after a
 *     timeout has raised it.
 * @param until when it times out and another node may take the message over
 * @param tookOver whether it replaced a lease that had timed out, whose attempt was never recorded
 */
record Lease(String owner, long epoch, Instant until, boolean tookOver) {
    Lease {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(until, "until");
    }

    /** Whether this lease, as its holder remembers it, is still the one stored with the message. */
    boolean isStill(Lease stored) {
        return owner.equals(stored.owner) && epoch == stored.epoch;
    }
}
