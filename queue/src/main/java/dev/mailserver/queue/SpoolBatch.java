package dev.mailserver.queue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

import dev.mailserver.core.Envelope;
import dev.mailserver.core.QueueId;
import dev.mailserver.core.queue.QueuedMail;
import dev.mailserver.core.queue.RecipientState;

/**
 * The changes of one queue operation, gathered in a {@link WriteBatch} so that {@link RocksSpool#commit}
 * stores all of them or none. It keeps a record and its due key consistent: a record that
 * {@link StoredMail#isSchedulable() is schedulable} has exactly one due key, at its next attempt; others
 * have none. The batch lives in native memory until it is closed.
 */
final class SpoolBatch implements AutoCloseable {
    private final WriteBatch batch = new WriteBatch();
    private final ColumnFamilyHandle records;
    private final ColumnFamilyHandle content;
    private final ColumnFamilyHandle due;
    private final List<QueueId> removedContentFiles = new ArrayList<>();
    private int messageDelta;
    private byte[] earliestDueKey;

    SpoolBatch(ColumnFamilyHandle records, ColumnFamilyHandle content, ColumnFamilyHandle due) {
        this.records = records;
        this.content = content;
        this.due = due;
    }

    /**
     * Adds a new message, due at once. The content is added chunk by chunk, so the heap holds at most one
     * chunk of it at a time.
     */
    QueuedMail insertNew(QueueId id, Envelope envelope, InputStream in, Instant now) throws IOException {
        long size = putContent(id, in);
        return insert(id, envelope, size, now, null);
    }

    /**
     * Adds a new message, due at once, whose content is {@code head} (stored as chunks) followed by its
     * content file, already in place, from byte {@code skipped} on; {@code size} is the whole content's.
     */
    QueuedMail insertNewInFile(QueueId id, Envelope envelope, byte[] head, long skipped, long size, Instant now) throws IOException {
        putContent(id, new ByteArrayInputStream(head));
        return insert(id, envelope, size, now, new ContentInFile(head.length, skipped));
    }

    private QueuedMail insert(QueueId id, Envelope envelope, long size, Instant now, ContentInFile file) throws IOException {
        List<RecipientState> recipients = envelope.recipients().stream()
            .map(recipient -> RecipientState.pending(recipient, envelope.optionsOf(recipient)))
            .toList();
        QueuedMail mail = new QueuedMail(id, envelope.sender(), recipients, size, now, 0, now, envelope.options());
        putRecord(new StoredMail(mail, false, false, file));
        messageDelta++;
        return mail;
    }

    /** Replaces a record: a finished message leaves with its content, others move in the due index. */
    void replace(StoredMail before, StoredMail after) throws IOException {
        removeDueKey(before);
        if (after.mail().isFinished()) {
            removeRecordAndContent(before);
        } else {
            putRecord(after);
        }
    }

    /** Removes a message with its content. */
    void delete(StoredMail stored) throws IOException {
        removeDueKey(stored);
        removeRecordAndContent(stored);
    }

    /** The messages whose content files are to be deleted once the batch is durable. */
    List<QueueId> removedContentFiles() {
        return removedContentFiles;
    }

    /** How many messages the batch adds (positive) or removes (negative). */
    int messageDelta() {
        return messageDelta;
    }

    /** The earliest of the due keys the batch adds, or null when it adds none. */
    byte[] earliestDueKey() {
        return earliestDueKey;
    }

    WriteBatch writeBatch() {
        return batch;
    }

    @Override
    public void close() {
        batch.close();
    }

    private long putContent(QueueId id, InputStream in) throws IOException {
        long size = 0;
        for (int index = 0; ; index++) {
            byte[] chunk = in.readNBytes(SpoolLayout.CHUNK_SIZE);
            if (chunk.length > 0) {
                byte[] key = SpoolLayout.chunkKey(id, index);
                apply(() -> batch.put(content, key, chunk));
                size += chunk.length;
            }
            if (chunk.length < SpoolLayout.CHUNK_SIZE) {
                return size;
            }
        }
    }

    private void putRecord(StoredMail stored) throws IOException {
        QueuedMail mail = stored.mail();
        apply(() -> batch.put(records, SpoolLayout.recordKey(mail.id()), QueuedMailCodec.encode(stored)));
        if (stored.isSchedulable()) {
            byte[] key = SpoolLayout.dueKey(mail.nextAttemptAt(), mail.id());
            apply(() -> batch.put(due, key, new byte[0]));
            if (earliestDueKey == null || Arrays.compareUnsigned(key, earliestDueKey) < 0) {
                earliestDueKey = key;
            }
        }
    }

    private void removeDueKey(StoredMail stored) throws IOException {
        if (stored.isSchedulable()) {
            QueuedMail mail = stored.mail();
            apply(() -> batch.delete(due, SpoolLayout.dueKey(mail.nextAttemptAt(), mail.id())));
        }
    }

    /**
     * One point deletion per chunk, not a range deletion: every read of the content family has to take
     * the memtable's range tombstones into account, and with one per delivered message that cost grew
     * with the traffic (a profile showed half of each chunk read spent on them). A message has few chunks.
     * A content file goes after the batch is durable, never before its record.
     */
    private void removeRecordAndContent(StoredMail stored) throws IOException {
        QueuedMail mail = stored.mail();
        long chunkedBytes = stored.contentFile() == null ? mail.size() : stored.contentFile().headLength();
        apply(() -> {
            batch.delete(records, SpoolLayout.recordKey(mail.id()));
            for (int index = 0; index < SpoolLayout.chunkCount(chunkedBytes); index++) {
                batch.delete(content, SpoolLayout.chunkKey(mail.id(), index));
            }
        });
        if (stored.contentFile() != null) {
            removedContentFiles.add(mail.id());
        }
        messageDelta--;
    }

    private static void apply(BatchChange change) throws IOException {
        try {
            change.run();
        } catch (RocksDBException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    @FunctionalInterface
    private interface BatchChange {
        void run() throws RocksDBException;
    }
}
