package dev.mailserver.core.queue.backend;

import java.time.Duration;
import java.time.Instant;

/**
 * When a queue backend tries deferred mail again and when it gives up: after the n-th recorded attempt
 * the next one is due {@link #delayAfter(int) delayAfter(n)} later, but never past the expiry, so the
 * last attempt happens on time; a message still pending {@link #maxLifetime()} after its arrival expires.
 */
public interface RetryPolicy {

    /** The wait after the {@code attempts}-th attempt (counting from 1); positive. */
    Duration delayAfter(int attempts);

    /** How long after its arrival a message may stay in the queue; positive. */
    Duration maxLifetime();

    /** When a message that arrived at {@code arrivedAt} is next due after its {@code attempts}-th attempt at {@code now}. */
    default Instant nextAttempt(Instant arrivedAt, int attempts, Instant now) {
        Instant byDelay = now.plus(delayAfter(attempts));
        Instant expiry = arrivedAt.plus(maxLifetime());
        return byDelay.isAfter(expiry) ? expiry : byDelay;
    }

    default boolean isExpired(Instant arrivedAt, Instant now) {
        return !now.isBefore(arrivedAt.plus(maxLifetime()));
    }
}
