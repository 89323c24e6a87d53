package dev.mailserver.queue;

import java.io.InterruptedIOException;
import java.util.concurrent.Semaphore;

/**
 * A bound on the content held in the native write batches of enqueues under way: each message's content
 * sits whole in its batch until the batch is written, so 50 concurrent 10 MiB messages would otherwise
 * hold 500 MiB outside the heap. An enqueue reserves its message's size before it builds its batch and
 * waits, first come first served, while the others hold the budget; a message larger than the whole
 * budget reserves all of it, so it is written alone.
 */
final class EnqueueMemory {
    private static final int UNIT = 1024;

    private final int units;
    private final Semaphore available;

    EnqueueMemory(long bytes) {
        this.units = Math.toIntExact(Math.max(1, bytes / UNIT));
        this.available = new Semaphore(units, true);
    }

    /** Waits until {@code size} bytes (at most the whole budget) are free and reserves them. */
    Reservation reserve(long size) throws InterruptedIOException {
        int wanted = (int) Math.min(units, Math.max(1, (size + UNIT - 1) / UNIT));
        try {
            available.acquire(wanted);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for memory to write a message");
        }
        return () -> available.release(wanted);
    }

    /** Bytes not reserved now. */
    long availableBytes() {
        return (long) available.availablePermits() * UNIT;
    }

    /** Memory reserved for one message's batch, given back when closed. */
    interface Reservation extends AutoCloseable {
        @Override
        void close();
    }
}
