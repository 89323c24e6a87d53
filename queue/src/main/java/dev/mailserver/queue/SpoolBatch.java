package dev.mailserver.queue;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
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
        List<RecipientState> recipients = envelope.recipients().stream()
            .map(recipient -> RecipientState.pending(recipient, envelope.optionsOf(recipient)))
            .toList();
        QueuedMail mail = new QueuedMail(id, envelope.sender(), recipients, size, now, 0, now, envelope.options());
        putRecord(StoredMail.fresh(mail));
        messageDelta++;
        return mail;
    }

    /** Replaces a record: a finished message leaves with its content, others move in the due index. */
    void replace(StoredMail before, StoredMail after) throws IOException {
        removeDueKey(before);
        if (after.mail().isFinished()) {
            removeRecordAndContent(before.mail());
        } else {
            putRecord(after);
        }
    }

    /** Removes a message with its content. */
    void delete(StoredMail stored) throws IOException {
        removeDueKey(stored);
        removeRecordAndContent(stored.mail());
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
     */
    private void removeRecordAndContent(QueuedMail mail) throws IOException {
        apply(() -> {
            batch.delete(records, SpoolLayout.recordKey(mail.id()));
            for (int index = 0; index < SpoolLayout.chunkCount(mail.size()); index++) {
                batch.delete(content, SpoolLayout.chunkKey(mail.id(), index));
            }
        });
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
