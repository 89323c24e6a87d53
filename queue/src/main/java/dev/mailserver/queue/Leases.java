package dev.mailserver.queue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.mailserver.core.QueueId;

/**
 * Which messages are out for delivery, in memory: one process owns the spool, so after a restart nothing
 * is leased. A leased message keeps its key in the due index; scans of the index pass over it (see
 * {@link DueFloor}) until the lease ends without the attempt being recorded or {@link #timeOut times out}.
 * A lease times out, so that a worker that hangs or dies inside the process does not keep its message
 * from being delivered; its late result is still accepted. Callers hold the message's
 * {@link RecordLocks record lock}, except for the reads and {@link #timeOut}.
 */
final class Leases {
    private static final Comparator<Lease> BY_END = Comparator.comparing(Lease::until).thenComparingLong(Lease::sequence);

    private final Duration timeout;
    private final Map<QueueId, Lease> leases = new ConcurrentHashMap<>();
    /** The leases not yet found timed out, by their end; guarded by {@code this}. */
    private final NavigableSet<Lease> running = new TreeSet<>(BY_END);
    private long sequence;

    Leases(Duration timeout) {
        this.timeout = timeout;
    }

    /** Whether the message may not be leased at {@code now}: it is leased or held back. */
    boolean blocks(QueueId id, Instant now) {
        Lease lease = leases.get(id);
        return lease != null && now.isBefore(lease.until());
    }

    /**
     * Whether a scan of the due index at {@code now} may pass over the message's key at {@code dueAt} for
     * good: it is the key the message was leased with (or held back at), and the lease was not found
     * timed out. A key written for a leased message since (an administrator's flush) is not passed over.
     */
    boolean passes(QueueId id, Instant dueAt, Instant now) {
        Lease lease = leases.get(id);
        return lease != null && now.isBefore(lease.until()) && !lease.timedOut().get() && lease.dueAt().equals(dueAt);
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

    /** Leases the message, whose due key is at {@code dueAt}. */
    synchronized void take(QueueId id, Instant dueAt, Instant now) {
        replace(new Lease(id, dueAt, now.plus(timeout), true, sequence++));
    }

    /** Ends the lease but keeps the message, which stays due as it was, from being leased again before {@code until}. */
    synchronized void holdBack(QueueId id, Instant until) {
        Lease lease = leases.get(id);
        if (lease != null) {
            replace(new Lease(id, lease.dueAt(), until, false, sequence++));
        }
    }

    /** Ends the lease; returns the due time of the message's key when it was leased, or empty when it was not. */
    synchronized Optional<Instant> end(QueueId id) {
        Lease lease = leases.remove(id);
        if (lease == null) {
            return Optional.empty();
        }
        running.remove(lease);
        return Optional.of(lease.dueAt());
    }

    /**
     * The leases (and hold-backs) that have run out by {@code now} and were not returned before: scans no
     * longer pass over them.
     */
    synchronized List<TimedOut> timeOut(Instant now) {
        List<TimedOut> timedOut = new ArrayList<>();
        while (!running.isEmpty() && !now.isBefore(running.first().until())) {
            Lease lease = running.pollFirst();
            lease.timedOut().set(true);
            timedOut.add(new TimedOut(lease.id(), lease.dueAt()));
        }
        return timedOut;
    }

    private void replace(Lease lease) {
        Lease before = leases.put(lease.id(), lease);
        if (before != null) {
            running.remove(before);
        }
        running.add(lease);
    }

    /** A lease that has run out, of the message {@code id} whose due key is at {@code dueAt}. */
    record TimedOut(QueueId id, Instant dueAt) {
    }

    /** @param timedOut set once {@link #timeOut} has returned it */
    private record Lease(QueueId id, Instant dueAt, Instant until, boolean active, long sequence, AtomicBoolean timedOut) {
        Lease(QueueId id, Instant dueAt, Instant until, boolean active, long sequence) {
            this(id, dueAt, until, active, sequence, new AtomicBoolean());
        }
    }
}
