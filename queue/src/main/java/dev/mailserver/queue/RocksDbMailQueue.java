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
import java.util.HashSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.mailserver.core.Envelope;
import dev.mailserver.core.FileBackedContent;
import dev.mailserver.core.MessageContent;
import dev.mailserver.core.QueueId;
import dev.mailserver.core.queue.BounceComposer;
import dev.mailserver.core.queue.MailQueue;
import dev.mailserver.core.queue.QueueAdministration;
import dev.mailserver.core.queue.QueueStorageException;
import dev.mailserver.core.queue.QueuedMail;
import dev.mailserver.core.queue.RecipientResult;
import dev.mailserver.core.queue.StorageSpace;
import dev.mailserver.core.queue.backend.AttemptPlanner;
import dev.mailserver.core.queue.backend.EnqueueHandOff;
import dev.mailserver.core.queue.backend.WorkSignal;
import dev.mailserver.core.queue.backend.WriterPool;

/**
 * A durable mail queue in a RocksDB directory (layout in {@link SpoolLayout}). One process owns the
 * directory: leases live in memory, so after a restart nothing is leased and every message is delivered
 * again from its last recorded state. A lease that is not ended within the lease timeout ends by itself.
 *
 * <p>Enqueues run on a pool of writer threads and end in a synced write; concurrent enqueues share their
 * fsyncs through RocksDB's group commit. Content that arrives in a file ({@link FileBackedContent}, a large
 * received message) is not copied: the file itself becomes the message's content file in {@code content/}
 * ({@link ContentFiles}). The other operations run on the caller's thread. Times are
 * stored with millisecond precision.
 *
 * <p>When the disk is full or RocksDB cannot write, enqueues fail with {@link QueueStorageException} and
 * what is stored stays intact; the queue serves again by itself once RocksDB has recovered (within
 * seconds of space coming back). A delivery attempt that cannot be recorded for that reason keeps its
 * message from being leased for one first retry delay, so that its recipients are not delivered again in
 * a tight loop.
 */
public final class RocksDbMailQueue implements MailQueue, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RocksDbMailQueue.class);

    private final Path directory;
    private final Clock clock;
    private final QueueSettings settings;
    private final RocksSpool spool;
    private final DiskReserve diskReserve;
    private final EnqueueMemory enqueueMemory;
    private volatile long droppedLogBytes;
    private volatile boolean warnedAboutCopying;
    private final WriterPool writers;
    private final RecordLocks locks = new RecordLocks();
    private final Leases leases;
    private final Set<QueueId> enqueuing = ConcurrentHashMap.newKeySet();
    private final WorkSignal workSignal = new WorkSignal();
    private final AttemptRecorder recorder;
    private final SpoolAdministration administration;

    private RocksDbMailQueue(Path directory, Clock clock, QueueSettings settings, BounceComposer bounces, WriterPool writers,
                             RocksSpool spool, DiskReserve diskReserve) {
        this.directory = directory;
        this.clock = clock;
        this.settings = settings;
        this.spool = spool;
        this.diskReserve = diskReserve;
        this.enqueueMemory = new EnqueueMemory(settings.memoryBytes());
        this.writers = writers;
        this.leases = new Leases(settings.leaseTimeout());
        this.recorder = new AttemptRecorder(spool, new AttemptPlanner(settings.retrySchedule(), bounces, settings.delayWarning()));
        this.administration = new SpoolAdministration(spool, locks, leases, workSignal, clock);
    }

    /** Opens (or creates) the queue in {@code directory} with the default settings and no notices. */
    public static RocksDbMailQueue open(Path directory, Clock clock) throws IOException {
        return open(directory, clock, QueueSettings.defaults(), BounceComposer.NONE);
    }

    /** Opens (or creates) the queue in {@code directory} with this schedule, otherwise the defaults, and no notices. */
    public static RocksDbMailQueue open(Path directory, Clock clock, RetrySchedule schedule, int writerThreads)
        throws IOException {
        return open(directory, clock, QueueSettings.defaults().withRetrySchedule(schedule).withWriterThreads(writerThreads),
            BounceComposer.NONE);
    }

    /**
     * Opens (or creates) the queue in {@code directory}.
     *
     * @param clock gives enqueued mail its arrival time and administrative changes their time
     * @param bounces writes the notices for failed and, if configured, delayed recipients
     */
    public static RocksDbMailQueue open(Path directory, Clock clock, QueueSettings settings, BounceComposer bounces)
        throws IOException {
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(bounces, "bounces");
        WriterPool writers = new WriterPool(settings.writerThreads(), "in " + directory);
        RocksSpool spool;
        try {
            spool = RocksSpool.open(directory, settings.memoryBytes(), writers);
        } catch (IOException | RuntimeException e) {
            writers.close();
            throw e;
        }
        try {
            DiskReserve diskReserve = DiskReserve.of(directory, settings.minFreeBytes());
            LOG.info("Mail queue opened in {} with {} queued messages", directory, spool.messageCount());
            long dropped = WalDamage.droppedBytes(directory);
            if (dropped > 0) {
                LOG.error("Mail queue in {}: its write-ahead log is damaged; RocksDB dropped {} bytes after the damage while opening, "
                    + "and mail acknowledged in them is lost (see docs/spool-health.md)", directory, dropped);
            }
            RocksDbMailQueue queue = new RocksDbMailQueue(directory, clock, settings, bounces, writers, spool, diskReserve);
            queue.droppedLogBytes = dropped;
            return queue;
        } catch (IOException | RuntimeException e) {
            writers.close();
            spool.close();
            throw e;
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>Completes exceptionally with {@link QueueStorageException} when the disk is full, less than the
     * configured free space would be left, or RocksDB cannot write; with {@link IllegalStateException} once
     * the queue is closed; and with another {@link IOException} when reading the content fails.
     */
    @Override
    public CompletableFuture<Void> enqueue(QueueId id, Envelope envelope, MessageContent content) {
        return EnqueueHandOff.toWriters(writers, id, envelope, content, this::store, workSignal);
    }

    private void store(QueueId id, Envelope envelope, MessageContent content) throws IOException {
        if (!enqueuing.add(id)) {
            throw alreadyQueued(id);
        }
        try {
            if (spool.contains(id)) {
                throw alreadyQueued(id);
            }
            diskReserve.checkRoomFor(content.size());
            if (!(content instanceof FileBackedContent inFile) || !storeTakingFile(id, envelope, inFile)) {
                try (EnqueueMemory.Reservation reserved = enqueueMemory.reserve(content.size());
                     SpoolBatch batch = spool.newBatch(); InputStream in = content.openStream()) {
                    batch.insertNew(id, envelope, in, now());
                    spool.commit(batch);
                }
            }
        } finally {
            enqueuing.remove(id);
        }
    }

    /**
     * Stores a message whose content is in a file by taking the file over as its content file: the file is
     * synced and renamed into {@code content/}, the directory synced, and only then the record written (with
     * sync), so that no record ever lacks its file. Returns false, having stored nothing, when the file cannot
     * be moved (it is on another file system than the spool, say); the content is then copied as any other.
     */
    private boolean storeTakingFile(QueueId id, Envelope envelope, FileBackedContent content) throws IOException {
        ContentFiles files = spool.contentFiles();
        long size = content.size();
        byte[] head = content.head();
        Optional<IOException> notMoved = files.take(content.file(), id);
        if (notMoved.isPresent()) {
            warnOnceAboutCopying(content, notMoved.get());
            return false;
        }
        try (EnqueueMemory.Reservation reserved = enqueueMemory.reserve(head.length); SpoolBatch batch = spool.newBatch()) {
            batch.insertNewInFile(id, envelope, head, content.skippedBytes(), size, now());
            spool.commit(batch);
        } catch (IOException | RuntimeException e) {
            files.delete(id);
            throw e;
        }
        return true;
    }

    private void warnOnceAboutCopying(FileBackedContent content, IOException notMoved) {
        if (!warnedAboutCopying) {
            warnedAboutCopying = true;
            LOG.warn("Mail queue in {}: the received file {} cannot be moved into {} ({}), so large messages are copied into the "
                + "queue instead (put the incoming directory on the spool's file system); said once", directory, content.file(),
                ContentFiles.DIRECTORY, notMoved.toString());
        }
    }

    private static IllegalArgumentException alreadyQueued(QueueId id) {
        return new IllegalArgumentException(id + " is already queued");
    }

    /**
     * {@inheritDoc} Only this process's leases count: after a restart nothing is leased.
     *
     * <p>The due ids are gathered first and leased afterwards, each under its record lock, so that no
     * record lock is waited for while the database is being iterated. An id gathered may have been
     * delivered or rescheduled meanwhile; then the index is looked at again, so that fewer than
     * {@code max} messages come back only when no more are due. The index is scanned from where the last
     * scan found its first message that was not leased, so leased messages are not looked at again (see
     * {@link DueFloor}); leases that have timed out are due again first.
     */
    @Override
    public List<QueuedMail> leaseDue(Instant now, int max) {
        Objects.requireNonNull(now, "now");
        leases.timeOut(now).forEach(lease -> spool.dueAgain(lease.id(), lease.dueAt()));
        List<QueuedMail> leased = new ArrayList<>();
        boolean done = false;
        try {
            Set<QueueId> tried = new HashSet<>();
            while (leased.size() < max) {
                List<QueueId> candidates = dueCandidates(now, max - leased.size(), tried);
                int before = leased.size();
                for (QueueId id : candidates) {
                    tried.add(id);
                    locks.underLock(id, () -> tryLease(id, now)).ifPresent(leased::add);
                }
                if (leased.size() - before == candidates.size()) {
                    break;
                }
            }
            done = true;
            return leased;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (!done) {
                leased.forEach(mail -> endUnrecorded(mail.id()));
            }
        }
    }

    private List<QueueId> dueCandidates(Instant now, int max, Set<QueueId> tried) throws IOException {
        List<QueueId> candidates = new ArrayList<>();
        spool.forEachDue(now, (id, dueAt) -> leases.passes(id, dueAt, now), id -> {
            if (!tried.contains(id) && !leases.blocks(id, now)) {
                candidates.add(id);
            }
            return candidates.size() < max;
        });
        return candidates;
    }

    /**
     * Leases a message found in the due index, unless it is leased already. Its record is read under the
     * record lock, because an attempt recorded or an administrator's change made meanwhile may have
     * rescheduled, held or removed it.
     */
    private Optional<QueuedMail> tryLease(QueueId id, Instant now) throws IOException {
        if (leases.blocks(id, now)) {
            return Optional.empty();
        }
        Optional<QueuedMail> due = spool.find(id)
            .filter(stored -> !stored.held() && !stored.mail().nextAttemptAt().isAfter(now))
            .map(StoredMail::mail);
        due.ifPresent(mail -> leases.take(id, mail.nextAttemptAt(), now));
        return due;
    }

    @Override
    public Optional<QueuedMail> find(QueueId id) {
        try {
            return spool.find(id).map(StoredMail::mail);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public MessageContent content(QueueId id) {
        try {
            return spool.content(spool.find(id).orElseThrow(() -> notQueued(id)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>Results for recipients that are already final are ignored. The lease ends even when this throws;
     * the message then stays due as it was, and when the cause was the storage
     * ({@link QueueStorageException}) it is not leased again for one first retry delay.
     *
     * @throws IllegalStateException when the message is not leased
     * @throws IllegalArgumentException when a result names a recipient the message does not have
     * @throws NoSuchElementException when the message was deleted during the attempt
     */
    @Override
    public QueuedMail recordAttempt(QueueId id, List<RecipientResult> results, Instant now) throws IOException {
        return record(id, results, now, AttemptRecorder.Durability.SYNCED);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Written to the write-ahead log without waiting for its sync (it survives {@code kill -9}, and reaches the
     * disk with the next synced write); synced all the same when it queues notices or frees a content file.
     */
    @Override
    public QueuedMail recordRepeatableAttempt(QueueId id, List<RecipientResult> results, Instant now) throws IOException {
        return record(id, results, now, AttemptRecorder.Durability.UNSYNCED_WHEN_HARMLESS);
    }

    private QueuedMail record(QueueId id, List<RecipientResult> results, Instant now, AttemptRecorder.Durability durability)
            throws IOException {
        Objects.requireNonNull(results, "results");
        Instant at = now.truncatedTo(ChronoUnit.MILLIS);
        return locks.underLock(id, () -> {
            if (!leases.exists(id)) {
                throw new IllegalStateException(id + " is not leased");
            }
            try {
                StoredMail before = spool.find(id).orElseThrow(() -> notQueued(id));
                AttemptRecorder.Recorded recorded = recorder.record(before, results, at, durability);
                leases.end(id);
                if (!recorded.noticeIds().isEmpty()) {
                    LOG.info("{}: queued with the attempt: {}", id, recorded.noticeIds());
                    workSignal.signal();
                }
                return recorded.mail();
            } catch (QueueStorageException e) {
                leases.holdBack(id, at.plus(settings.retrySchedule().delayAfter(1)));
                throw e;
            } catch (IOException | RuntimeException e) {
                endUnrecorded(id);
                throw e;
            }
        });
    }

    /** Ends a lease whose attempt was not recorded: the message is due again as it was. */
    private void endUnrecorded(QueueId id) {
        leases.end(id).ifPresent(dueAt -> spool.dueAgain(id, dueAt));
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
        return spool.messageCount();
    }

    /** The bytes of a damaged write-ahead log that RocksDB dropped when this queue was opened; 0 when the log was whole. */
    public long droppedLogBytes() {
        return droppedLogBytes;
    }

    @Override
    public Optional<StorageSpace> storageSpace() {
        try {
            return diskReserve.space();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Listing, flushing, holding, requeueing and deleting the queued mail, for the CLI and the admin API. */
    public QueueAdministration administration() {
        return administration;
    }

    /** Refuses new enqueues, waits for those already accepted to be written, then closes the database. */
    @Override
    public void close() {
        writers.close();
        spool.close();
        LOG.info("Mail queue in {} closed", directory);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
