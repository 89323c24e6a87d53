package dev.mailserver.queue.greylist;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.TtlDB;

import dev.mailserver.core.policy.GreylistStore;

/**
 * Greylisting triplets in their own RocksDB directory (next to the spool, in the module that owns RocksDB).
 * Writes are not synced: losing the last ones in a crash only greylists those clients once more. The
 * database is RocksDB's TtlDB: an entry is dropped by compaction once it is older than the store's
 * lifetime (the longest a triplet means anything), so the store does not grow without end.
 */
public final class RocksDbGreylistStore implements GreylistStore, AutoCloseable {
    private final Options options;
    private final TtlDB db;

    private RocksDbGreylistStore(Options options, TtlDB db) {
        this.options = options;
        this.db = db;
    }

    /** @param lifetime how long an entry is kept after it was written (at least the greylist's retry window and passed lifetime) */
    public static RocksDbGreylistStore open(Path directory, Duration lifetime) throws IOException {
        RocksDB.loadLibrary();
        Files.createDirectories(directory);
        Options options = new Options().setCreateIfMissing(true);
        try {
            return new RocksDbGreylistStore(options, TtlDB.open(options, directory.toString(), (int) Math.min(Integer.MAX_VALUE, lifetime.toSeconds()), false));
        } catch (RocksDBException e) {
            options.close();
            throw new IOException("cannot open the greylist store in " + directory + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<Entry> find(String triplet) {
        try {
            byte[] value = db.get(triplet.getBytes(StandardCharsets.UTF_8));
            if (value == null) {
                return Optional.empty();
            }
            ByteBuffer buffer = ByteBuffer.wrap(value);
            return Optional.of(new Entry(Instant.ofEpochMilli(buffer.getLong()), buffer.get() == 1));
        } catch (RocksDBException e) {
            throw new IllegalStateException("greylist store read failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void save(String triplet, Entry entry) {
        ByteBuffer value = ByteBuffer.allocate(Long.BYTES + 1).putLong(entry.firstSeen().toEpochMilli()).put((byte) (entry.passed() ? 1 : 0));
        try {
            db.put(triplet.getBytes(StandardCharsets.UTF_8), value.array());
        } catch (RocksDBException e) {
            throw new IllegalStateException("greylist store write failed: " + e.getMessage(), e);
        }
    }

    /** Compacts now, dropping the entries past the lifetime (RocksDB also compacts by itself as the store grows). */
    void compact() throws IOException {
        try {
            db.compactRange();
        } catch (RocksDBException e) {
            throw new IOException("greylist store compaction failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        db.close();
        options.close();
    }
}
