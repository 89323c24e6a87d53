package dev.mailserver.queue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;
import org.rocksdb.Status;
import org.rocksdb.WriteOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.mailserver.core.MessageContent;
import dev.mailserver.core.QueueId;
import dev.mailserver.core.queue.QueuedMail;
import dev.mailserver.core.queue.QueueStorageException;
import dev.mailserver.core.queue.backend.WriterPool;

/**
 * The RocksDB database behind the queue, laid out as {@link SpoolLayout} describes. Reads go straight to
 * the database; every write is a {@link SpoolBatch}, committed with sync (on disk when {@link #commit}
 * returns) or without, for a series of writes that ends with one {@link #sync}. A failed write throws
 * {@link QueueStorageException}; it leaves RocksDB refusing writes until RocksDB has recovered by itself
 * (for a full disk: within seconds of space coming back).
 *
 * <p>Content kept in files ({@link ContentFiles}) is read through {@link #content}; a content file is
 * deleted once the deletion of its record is durable: after the synced commit that removed it, or, when it
 * was committed without sync, after the next synced commit or {@link #sync} (one follows within a second,
 * see {@link UnsyncedFileRemovals}).
 *
 * <p>Using native handles after they are closed crashes the JVM, so every operation holds a read lock and
 * {@link #close} takes the write lock: it waits for running operations, and later ones fail with
 * {@link IllegalStateException}.
 */
final class RocksSpool implements AutoCloseable {
    static {
        RocksDB.loadLibrary();
    }

    private static final Logger LOG = LoggerFactory.getLogger(RocksSpool.class);

    private final SpoolOptions spoolOptions;
    private final WriteOptions syncWrites;
    private final WriteOptions unsyncedWrites;
    private final List<ColumnFamilyHandle> handles;
    private final RocksDB db;
    private final ColumnFamilyHandle records;
    private final ColumnFamilyHandle content;
    private final ColumnFamilyHandle due;
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private final Path directory;
    private final AtomicLong messageCount = new AtomicLong();
    private final DueFloor dueFloor = new DueFloor();
    private final ContentFiles contentFiles;
    private final UnsyncedFileRemovals unsyncedFileRemovals;
    private final WriterPool writers;
    private boolean closed;

    private RocksSpool(Path directory, SpoolOptions options, List<ColumnFamilyHandle> handles, RocksDB db, ContentFiles contentFiles,
                       WriterPool writers) {
        this.directory = directory;
        this.writers = writers;
        this.contentFiles = contentFiles;
        this.spoolOptions = options;
        this.syncWrites = new WriteOptions().setSync(true);
        this.unsyncedWrites = new WriteOptions();
        this.handles = handles;
        this.db = db;
        this.records = handles.get(1);
        this.content = handles.get(2);
        this.due = handles.get(3);
        this.unsyncedFileRemovals = new UnsyncedFileRemovals(contentFiles, this::syncSoon);
    }

    /**
     * Opens (or creates) the database, counts the messages in it and removes the content files that have
     * no record.
     *
     * @param memoryBytes the native memory of its block cache and memtables, as {@link SpoolOptions} uses it
     * @param writers the platform threads that write the synced commits of virtual threads ({@link #commit})
     */
    static RocksSpool open(Path directory, long memoryBytes, WriterPool writers) throws IOException {
        Files.createDirectories(directory);
        ContentFiles contentFiles = ContentFiles.open(directory);
        SpoolOptions options = new SpoolOptions(memoryBytes);
        // The handles come back in this order; the constructor relies on it.
        List<ColumnFamilyDescriptor> families = List.of(
            new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, options.plain()),
            new ColumnFamilyDescriptor(name("records"), options.plain()),
            new ColumnFamilyDescriptor(name("content"), options.content()),
            new ColumnFamilyDescriptor(name("due"), options.plain()));
        List<ColumnFamilyHandle> handles = new ArrayList<>();
        RocksDB db;
        try {
            db = RocksDB.open(options.db(), directory.toString(), families, handles);
        } catch (RocksDBException e) {
            options.close();
            throw new IOException("cannot open the mail queue in " + directory + ": " + e.getMessage(), e);
        }
        RocksSpool spool = new RocksSpool(directory, options, handles, db, contentFiles, writers);
        try {
            spool.messageCount.set(spool.countMessages());
            contentFiles.sweep(id -> spool.find(id).map(stored -> stored.contentFile() != null).orElse(false));
            return spool;
        } catch (IOException | RuntimeException e) {
            spool.close();
            throw e;
        }
    }

    Optional<StoredMail> find(QueueId id) throws IOException {
        byte[] value = guarded(() -> db.get(records, SpoolLayout.recordKey(id)));
        return value == null ? Optional.empty() : Optional.of(QueuedMailCodec.decode(id, value));
    }

    boolean contains(QueueId id) throws IOException {
        return guarded(() -> db.get(records, SpoolLayout.recordKey(id)) != null);
    }

    /** The content of a stored message, from its chunks and, if it has one, its content file. */
    MessageContent content(StoredMail stored) {
        QueuedMail mail = stored.mail();
        ContentInFile file = stored.contentFile();
        if (file == null) {
            return new ChunkedMessageContent(this, mail.id(), mail.size());
        }
        return new FileMessageContent(this, contentFiles, mail.id(), mail.size(), file);
    }

    /** Where the content files are, for the enqueue that takes a received file over. */
    ContentFiles contentFiles() {
        return contentFiles;
    }

    /** The {@code index}-th content chunk of a message, or null if it has none. */
    byte[] chunk(QueueId id, int index) throws IOException {
        return guarded(() -> db.get(content, SpoolLayout.chunkKey(id, index)));
    }

    /**
     * Calls {@code visitor} with the ids due at {@code now}, earliest due first, while it returns true,
     * except those {@code leased} says are leased: they are passed over without a call. The scan starts at
     * the {@link DueFloor}, not at the first key, so it does not walk over the tombstones of mail delivered
     * earlier, nor over the keys of mail leased before the last scan (while they stay leased).
     */
    void forEachDue(Instant now, LeasedTest leased, DueVisitor visitor) throws IOException {
        DueFloor.Scan scan = dueFloor.startScan();
        byte[] firstKey = new byte[0];
        try {
            firstKey = guarded(() -> {
                byte[] upper = SpoolLayout.dueKeysAfter(now);
                try (Slice lowerBound = new Slice(scan.from());
                     Slice upperBound = new Slice(upper);
                     ReadOptions options = new ReadOptions().setIterateLowerBound(lowerBound).setIterateUpperBound(upperBound);
                     RocksIterator iterator = db.newIterator(due, options)) {
                    byte[] first = null;
                    for (iterator.seekToFirst(); iterator.isValid(); iterator.next()) {
                        byte[] key = iterator.key();
                        QueueId id = SpoolLayout.idOfDueKey(key);
                        if (leased.isLeased(id, SpoolLayout.dueTimeOfKey(key))) {
                            continue;
                        }
                        if (first == null) {
                            first = key;
                        }
                        if (!visitor.visit(id)) {
                            return first;
                        }
                    }
                    iterator.status();
                    return first == null ? upper : first;
                }
            });
        } finally {
            dueFloor.endScan(scan, firstKey);
        }
    }

    /**
     * The key of a message due at {@code dueAt}, which scans may have passed over as leased, can be leased
     * again: its lease ended without its attempt being recorded, or timed out.
     */
    void dueAgain(QueueId id, Instant dueAt) {
        dueFloor.lower(SpoolLayout.dueKey(dueAt, id));
    }

    /** Calls {@code visitor} with every message record in queue id order, while it returns true. */
    void forEachRecord(RecordVisitor visitor) throws IOException {
        guarded(() -> {
            try (RocksIterator iterator = db.newIterator(records)) {
                for (iterator.seekToFirst(); iterator.isValid(); iterator.next()) {
                    QueueId id = SpoolLayout.idOfRecordKey(iterator.key());
                    if (!visitor.visit(QueuedMailCodec.decode(id, iterator.value()))) {
                        return null;
                    }
                }
                iterator.status();
                return null;
            }
        });
    }

    long messageCount() {
        return messageCount.get();
    }

    SpoolBatch newBatch() {
        return new SpoolBatch(records, content, due);
    }

    /**
     * Writes the batch atomically and returns once it is synced to disk. The batch of a virtual thread (a
     * delivery's record) is written by one of the writer threads while the virtual thread waits: RocksDB syncs
     * in native code, which pins a virtual thread to its carrier, one of a few, for the whole sync, and it parks
     * the writers that join its group commit on theirs.
     */
    void commit(SpoolBatch batch) throws IOException {
        if (Thread.currentThread().isVirtual()) {
            writers.call(() -> {
                write(batch, syncWrites);
                return null;
            });
        } else {
            write(batch, syncWrites);
        }
    }

    /** Writes the batch atomically; it reaches the disk with the next synced write or {@link #sync}. */
    void commitWithoutSync(SpoolBatch batch) throws IOException {
        write(batch, unsyncedWrites);
    }

    /** Returns once every write committed so far is on disk; then deletes the content files those writes removed. */
    void sync() throws IOException {
        List<QueueId> covered = unsyncedFileRemovals.coveredByASyncNow();
        guarded(() -> {
            try {
                db.flushWal(true);
            } catch (RocksDBException e) {
                throw writeFailure(e);
            }
            return null;
        });
        unsyncedFileRemovals.synced(covered);
    }

    /** The sync that content files waiting for one ask for; a failure leaves them for the next sync (or the sweep at the next open). */
    private void syncSoon() {
        try {
            sync();
        } catch (IOException e) {
            LOG.warn("Could not sync the mail queue in {} ({}); content files of delivered mail wait for the next sync", directory, e.getMessage());
        } catch (IllegalStateException closed) {
            // closed meanwhile: the files are swept at the next open
        }
    }

    private void write(SpoolBatch batch, WriteOptions options) throws IOException {
        List<QueueId> coveredRemovals = options == syncWrites ? unsyncedFileRemovals.coveredByASyncNow() : List.of();
        byte[] earliestDue = batch.earliestDueKey();
        dueFloor.writing(earliestDue);
        try {
            guarded(() -> {
                try {
                    db.write(options, batch.writeBatch());
                } catch (RocksDBException e) {
                    throw writeFailure(e);
                }
                return null;
            });
        } finally {
            dueFloor.written(earliestDue);
        }
        messageCount.addAndGet(batch.messageDelta());
        if (options == syncWrites) {
            batch.removedContentFiles().forEach(contentFiles::delete);
            unsyncedFileRemovals.synced(coveredRemovals);
        } else {
            unsyncedFileRemovals.add(batch.removedContentFiles());
        }
    }

    private QueueStorageException writeFailure(RocksDBException e) {
        boolean full = e.getStatus() != null && e.getStatus().getSubCode() == Status.SubCode.NoSpace;
        return new QueueStorageException((full ? "the disk of the mail queue in " + directory + " is full: "
            : "cannot write to the mail queue in " + directory + ": ") + e.getMessage(), e);
    }

    private long countMessages() throws IOException {
        return guarded(() -> {
            try (RocksIterator iterator = db.newIterator(records)) {
                long count = 0;
                for (iterator.seekToFirst(); iterator.isValid(); iterator.next()) {
                    count++;
                }
                iterator.status();
                return count;
            }
        });
    }

    @Override
    public void close() {
        unsyncedFileRemovals.close();
        syncSoon();
        lock.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            handles.forEach(ColumnFamilyHandle::close);
            db.close();
            syncWrites.close();
            unsyncedWrites.close();
            spoolOptions.close();
        } finally {
            lock.writeLock().unlock();
        }
    }

    private <T> T guarded(RocksCall<T> call) throws IOException {
        lock.readLock().lock();
        try {
            if (closed) {
                throw new IllegalStateException("the mail queue is closed");
            }
            return call.run();
        } catch (RocksDBException e) {
            throw new IOException(e.getMessage(), e);
        } finally {
            lock.readLock().unlock();
        }
    }

    private static byte[] name(String columnFamily) {
        return columnFamily.getBytes(StandardCharsets.US_ASCII);
    }

    @FunctionalInterface
    interface DueVisitor {
        /** @return whether to go on with the next due id */
        boolean visit(QueueId id) throws IOException;
    }

    @FunctionalInterface
    interface LeasedTest {
        /** Whether the message is leased with its key at {@code dueAt}, so that scans may pass over the key until {@link #dueAgain}. */
        boolean isLeased(QueueId id, Instant dueAt);
    }

    @FunctionalInterface
    interface RecordVisitor {
        /** @return whether to go on with the next record */
        boolean visit(StoredMail stored) throws IOException;
    }

    @FunctionalInterface
    private interface RocksCall<T> {
        T run() throws RocksDBException, IOException;
    }
}
