package dev.mailserver.queue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.mailserver.core.Envelope;
import dev.mailserver.core.MessageContent;
import dev.mailserver.core.QueueId;
import dev.mailserver.core.queue.MailQueue;
import dev.mailserver.core.queue.QueuedMail;
import dev.mailserver.core.queue.RecipientResult;
import dev.mailserver.core.queue.RecipientState;

/**
 * A durable mail queue in a RocksDB directory (layout in {@link SpoolLayout}). One process owns the
 * directory: leases live in memory, so after a restart nothing is leased and every message is delivered
 * again from its last recorded state.
 *
 * <p>Enqueues run on a pool of writer threads and end in a synced write; concurrent enqueues share their
 * fsyncs through RocksDB's group commit. The other operations run on the caller's thread. Times are
 * stored with millisecond precision.
 */
public final class RocksDbMailQueue implements MailQueue, AutoCloseable {
    public static final int DEFAULT_WRITER_THREADS = 32;

    private static final Logger LOG = LoggerFactory.getLogger(RocksDbMailQueue.class);

    private enum Lease { HELD, RECORDING }

    private final Path directory;
    private final Clock clock;
    private final RetrySchedule schedule;
    private final RocksSpool spool;
    private final ExecutorService writers;
    private final ConcurrentMap<QueueId, Lease> leases = new ConcurrentHashMap<>();
    private final Set<QueueId> enqueuing = ConcurrentHashMap.newKeySet();
    private final AtomicLong messageCount;
    private final WorkSignal workSignal = new WorkSignal();

    private RocksDbMailQueue(Path directory, Clock clock, RetrySchedule schedule, RocksSpool spool,
                             ExecutorService writers, long messageCount) {
        this.directory = directory;
        this.clock = clock;
        this.schedule = schedule;
        this.spool = spool;
        this.writers = writers;
        this.messageCount = new AtomicLong(messageCount);
    }

    /** Opens (or creates) the queue in {@code directory} with the default retry schedule and writer threads. */
    public static RocksDbMailQueue open(Path directory, Clock clock) throws IOException {
        return open(directory, clock, RetrySchedule.defaults(), DEFAULT_WRITER_THREADS);
    }

    /**
     * Opens (or creates) the queue in {@code directory}.
     *
     * @param clock gives enqueued mail its arrival time
     * @param writerThreads how many enqueues may be written at once
     */
    public static RocksDbMailQueue open(Path directory, Clock clock, RetrySchedule schedule, int writerThreads)
        throws IOException {
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(schedule, "schedule");
        if (writerThreads < 1) {
            throw new IllegalArgumentException("writerThreads must be at least 1: " + writerThreads);
        }
        RocksSpool spool = RocksSpool.open(directory);
        try {
            long messageCount = spool.countMessages();
            ExecutorService writers = Executors.newFixedThreadPool(writerThreads,
                Thread.ofPlatform().name("mail-queue-writer-", 1).daemon(true).factory());
            LOG.info("Mail queue opened in {} with {} queued messages", directory, messageCount);
            return new RocksDbMailQueue(directory, clock, schedule, spool, writers, messageCount);
        } catch (IOException | RuntimeException e) {
            spool.close();
            throw e;
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>Completes exceptionally with {@link IllegalStateException} once the queue is closed, and with an
     * {@link IOException} when reading the content or writing to RocksDB fails.
     */
    @Override
    public CompletableFuture<Void> enqueue(QueueId id, Envelope envelope, MessageContent content) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(envelope, "envelope");
        Objects.requireNonNull(content, "content");
        CompletableFuture<Void> stored = new CompletableFuture<>();
        try {
            writers.execute(() -> {
                try {
                    store(id, envelope, content);
                    stored.complete(null);
                } catch (Throwable e) {
                    stored.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            stored.completeExceptionally(new IllegalStateException("the mail queue in " + directory + " is closed"));
        }
        return stored;
    }

    private void store(QueueId id, Envelope envelope, MessageContent content) throws IOException {
        if (!enqueuing.add(id)) {
            throw alreadyQueued(id);
        }
        try {
            if (spool.contains(id)) {
                throw alreadyQueued(id);
            }
            Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
            List<RecipientState> recipients = envelope.recipients().stream().map(RecipientState::pending).toList();
            try (SpoolBatch batch = spool.newBatch(); InputStream in = content.openStream()) {
                long size = batch.putContent(id, in);
                batch.insert(new QueuedMail(id, envelope.sender(), recipients, size, now, 0, now));
                spool.commit(batch);
            }
            messageCount.incrementAndGet();
            workSignal.signal();
        } finally {
            enqueuing.remove(id);
        }
    }

    private static IllegalArgumentException alreadyQueued(QueueId id) {
        return new IllegalArgumentException(id + " is already queued");
    }

    /** {@inheritDoc} Only this process's leases count: after a restart nothing is leased. */
    @Override
    public List<QueuedMail> leaseDue(Instant now, int max) {
        Objects.requireNonNull(now, "now");
        if (max < 1) {
            return List.of();
        }
        List<QueuedMail> leased = new ArrayList<>();
        boolean walked = false;
        try {
            spool.forEachDue(now, id -> {
                tryLease(id, now).ifPresent(leased::add);
                return leased.size() < max;
            });
            walked = true;
            return leased;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (!walked) {
                leased.forEach(mail -> leases.remove(mail.id()));
            }
        }
    }

    /**
     * Leases a message found in the due index, unless it is leased already. Its record is read after the
     * lease is taken, because an attempt recorded meanwhile may have rescheduled or removed it.
     */
    private Optional<QueuedMail> tryLease(QueueId id, Instant now) throws IOException {
        if (leases.putIfAbsent(id, Lease.HELD) != null) {
            return Optional.empty();
        }
        Optional<QueuedMail> due = Optional.empty();
        try {
            due = spool.find(id).filter(mail -> !mail.nextAttemptAt().isAfter(now));
            return due;
        } finally {
            if (due.isEmpty()) {
                leases.remove(id);
            }
        }
    }

    @Override
    public Optional<QueuedMail> find(QueueId id) {
        try {
            return spool.find(id);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public MessageContent content(QueueId id) {
        QueuedMail mail = find(id).orElseThrow(() -> notQueued(id));
        return new ChunkedMessageContent(spool, id, mail.size());
    }

    /**
     * {@inheritDoc}
     *
     * <p>Results for recipients that are already final are ignored. The lease ends even when this throws;
     * the message then stays due as it was.
     *
     * @throws IllegalStateException when the message is not leased
     * @throws IllegalArgumentException when a result names a recipient the message does not have
     */
    @Override
    public QueuedMail recordAttempt(QueueId id, List<RecipientResult> results, Instant now) throws IOException {
        Objects.requireNonNull(results, "results");
        Objects.requireNonNull(now, "now");
        // Marking the lease as recording makes a second, concurrent recordAttempt of the same lease fail
        // instead of overwriting this one's result.
        if (!leases.replace(id, Lease.HELD, Lease.RECORDING)) {
            throw new IllegalStateException(id + " is not leased");
        }
        try {
            QueuedMail before = spool.find(id).orElseThrow(() -> notQueued(id));
            QueuedMail after = AttemptApplier.apply(before, results, now.truncatedTo(ChronoUnit.MILLIS), schedule);
            try (SpoolBatch batch = spool.newBatch()) {
                batch.replace(before, after);
                spool.commit(batch);
            }
            if (after.isFinished()) {
                messageCount.decrementAndGet();
            }
            return after;
        } finally {
            leases.remove(id);
        }
    }

    private static NoSuchElementException notQueued(QueueId id) {
        return new NoSuchElementException(id + " is not queued");
    }

    @Override
    public void awaitWork(Duration timeout) throws InterruptedException {
        workSignal.await(timeout);
    }

    @Override
    public long size() {
        return messageCount.get();
    }

    /** Refuses new enqueues, waits for those already accepted to be written, then closes the database. */
    @Override
    public void close() {
        writers.shutdown();
        boolean interrupted = false;
        while (!writers.isTerminated()) {
            try {
                writers.awaitTermination(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                // An accepted enqueue must still complete its future, so keep waiting.
                interrupted = true;
            }
        }
        spool.close();
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        LOG.info("Mail queue in {} closed", directory);
    }
}
