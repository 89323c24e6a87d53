package dev.mailserver.queue;

import java.io.IOException;
import java.io.InputStream;

import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

import dev.mailserver.core.QueueId;
import dev.mailserver.core.queue.QueuedMail;

/**
 * The changes of one queue operation, gathered in a {@link WriteBatch} so that {@link RocksSpool#commit}
 * stores all of them or none. The batch lives in native memory until it is closed.
 */
final class SpoolBatch implements AutoCloseable {
    private final WriteBatch batch = new WriteBatch();
    private final ColumnFamilyHandle records;
    private final ColumnFamilyHandle content;
    private final ColumnFamilyHandle due;

    SpoolBatch(ColumnFamilyHandle records, ColumnFamilyHandle content, ColumnFamilyHandle due) {
        this.records = records;
        this.content = content;
        this.due = due;
    }

    /**
     * Adds the content chunk by chunk, so the heap holds at most one chunk of it at a time.
     *
     * @return the content's size in bytes
     */
    long putContent(QueueId id, InputStream in) throws IOException {
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

    /** Adds a new message record, due at its next attempt. */
    void insert(QueuedMail mail) throws IOException {
        apply(() -> {
            batch.put(records, SpoolLayout.recordKey(mail.id()), QueuedMailCodec.encode(mail));
            batch.put(due, SpoolLayout.dueKey(mail.nextAttemptAt(), mail.id()), new byte[0]);
        });
    }

    /** Replaces a record after an attempt: a finished message leaves with its content, others move in the due index. */
    void replace(QueuedMail before, QueuedMail after) throws IOException {
        apply(() -> batch.delete(due, SpoolLayout.dueKey(before.nextAttemptAt(), before.id())));
        if (after.isFinished()) {
            apply(() -> {
                batch.delete(records, SpoolLayout.recordKey(before.id()));
                batch.deleteRange(content, SpoolLayout.chunkKey(before.id(), 0),
                    SpoolLayout.chunkKey(before.id(), SpoolLayout.chunkCount(before.size())));
            });
        } else {
            insert(after);
        }
    }

    WriteBatch writeBatch() {
        return batch;
    }

    @Override
    public void close() {
        batch.close();
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
