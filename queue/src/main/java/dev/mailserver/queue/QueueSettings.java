package dev.mailserver.queue;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How a {@link RocksDbMailQueue} behaves. {@link #defaults()} gives the documented defaults; the
 * {@code with...} methods change one setting.
 *
 * @param retrySchedule when deferred mail is tried again and when it expires
 * @param writerThreads how many enqueues are written at once; concurrent ones share one disk sync
 * @param leaseTimeout how long a delivery attempt may take before its message may be leased again
 * @param minFreeBytes free disk space below which new mail is refused; 0 turns the check off
 * @param delayWarning how long a message waits before its sender is warned of the delay; empty for never
 * @param memoryBytes the native memory RocksDB's block cache and memtables use together, and again the
 *     content of the messages being written at once (see {@link SpoolOptions}); at least 16 MiB
 */
public record QueueSettings(RetrySchedule retrySchedule, int writerThreads, Duration leaseTimeout, long minFreeBytes,
                            Optional<Duration> delayWarning, long memoryBytes) {
    public static final int DEFAULT_WRITER_THREADS = 32;
    public static final Duration DEFAULT_LEASE_TIMEOUT = Duration.ofHours(1);
    public static final long DEFAULT_MIN_FREE_BYTES = 100L * 1024 * 1024;
    public static final long DEFAULT_MEMORY_BYTES = 64L * 1024 * 1024;
    public static final long MIN_MEMORY_BYTES = SpoolOptions.MIN_MEMORY_BYTES;

    public QueueSettings {
        Objects.requireNonNull(retrySchedule, "retrySchedule");
        Objects.requireNonNull(leaseTimeout, "leaseTimeout");
        Objects.requireNonNull(delayWarning, "delayWarning");
        if (writerThreads < 1) {
            throw new IllegalArgumentException("writerThreads must be at least 1: " + writerThreads);
        }
        if (leaseTimeout.isNegative() || leaseTimeout.isZero()) {
            throw new IllegalArgumentException("the lease timeout must be positive: " + leaseTimeout);
        }
        if (minFreeBytes < 0) {
            throw new IllegalArgumentException("the free space to keep cannot be negative: " + minFreeBytes);
        }
        if (delayWarning.filter(after -> after.isNegative() || after.isZero()).isPresent()) {
            throw new IllegalArgumentException("the delay warning time must be positive: " + delayWarning);
        }
        if (memoryBytes < MIN_MEMORY_BYTES) {
            throw new IllegalArgumentException("the spool's memory must be at least " + MIN_MEMORY_BYTES + " bytes: " + memoryBytes);
        }
    }

    /**
     * The default retry schedule, 32 writer threads, leases of 1 hour, 100 MiB kept free, no delay warning,
     * 64 MiB of memory.
     */
    public static QueueSettings defaults() {
        return new QueueSettings(RetrySchedule.defaults(), DEFAULT_WRITER_THREADS, DEFAULT_LEASE_TIMEOUT,
            DEFAULT_MIN_FREE_BYTES, Optional.empty(), DEFAULT_MEMORY_BYTES);
    }

    public QueueSettings withRetrySchedule(RetrySchedule value) {
        return new QueueSettings(value, writerThreads, leaseTimeout, minFreeBytes, delayWarning, memoryBytes);
    }

    public QueueSettings withWriterThreads(int value) {
        return new QueueSettings(retrySchedule, value, leaseTimeout, minFreeBytes, delayWarning, memoryBytes);
    }

    public QueueSettings withLeaseTimeout(Duration value) {
        return new QueueSettings(retrySchedule, writerThreads, value, minFreeBytes, delayWarning, memoryBytes);
    }

    public QueueSettings withMinFreeBytes(long value) {
        return new QueueSettings(retrySchedule, writerThreads, leaseTimeout, value, delayWarning, memoryBytes);
    }

    public QueueSettings withDelayWarning(Duration value) {
        return new QueueSettings(retrySchedule, writerThreads, leaseTimeout, minFreeBytes, Optional.of(value), memoryBytes);
    }

    public QueueSettings withMemoryBytes(long value) {
        return new QueueSettings(retrySchedule, writerThreads, leaseTimeout, minFreeBytes, delayWarning, value);
    }
}
