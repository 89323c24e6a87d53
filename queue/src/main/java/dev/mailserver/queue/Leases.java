package dev.mailserver.queue;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.mailserver.core.QueueId;

/**
 * Which messages are out for delivery, in memory: one process owns the spool, so after a restart nothing
 * is leased. A lease times out, so that a worker that hangs or dies inside the process does not keep its
 * message from being delivered; its late result is still accepted. Callers hold the message's
 * {@link RecordLocks record lock}.
 */
final class Leases {
    private final Duration timeout;
    private final Map<QueueId, Lease> leases = new ConcurrentHashMap<>();

    Leases(Duration timeout) {
        this.timeout = timeout;
    }

    /** Whether the message may not be leased at {@code now}: it is leased or held back. */
    boolean blocks(QueueId id, Instant now) {
        Lease lease = leases.get(id);
        return lease != null && now.isBefore(lease.until());
    }

    /** Whether a delivery of the message is under way at {@code now}. */
    boolean isActive(QueueId id, Instant now) {
        Lease lease = leases.get(id);
        return lease != null && lease.active() && now.isBefore(lease.until());
    }

    /** Whether the message has a lease, even a timed-out one, whose attempt may still be recorded. */
    boolean exists(QueueId id) {
        return leases.containsKey(id);
    }

    void take(QueueId id, Instant now) {
        leases.put(id, new Lease(now.plus(timeout), true));
    }

    /** Ends the lease but keeps the message from being leased again before {@code until}. */
    void holdBack(QueueId id, Instant until) {
        leases.put(id, new Lease(until, false));
    }

    void end(QueueId id) {
        leases.remove(id);
    }

    private record Lease(Instant until, boolean active) {
    }
}
