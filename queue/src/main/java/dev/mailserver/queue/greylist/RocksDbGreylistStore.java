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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.mailserver.core.policy.GreylistStore;

/**
 * Greylisting triplets in their own RocksDB directory (next to the spool, in the module that owns RocksDB).
 * Writes are not synced: losing the last ones in a crash only greylists those clients once more. The
 * database is RocksDB's TtlDB: an entry is dropped by compaction once it is older than the store's
 * lifetime (the longest a triplet means anything), so the store does not grow without end.
 */
public final class RocksDbGreylistStore implements GreylistStore, AutoCloseable {
    private static final Logger LOGGER = LoggerFactory.getLogger(RocksDbGreylistStore.class);
    /** The TtlDB's directory inside the configured one. */
    static final String DATABASE = "ttl";
    private static final int VALUE_BYTES = Long.BYTES + 1;

    private final Options options;
    private final TtlDB db;

    private RocksDbGreylistStore(Options options, TtlDB db) {
        this.options = options;
        this.db = db;
    }

    /**
     * Opens the store in {@code directory}/{@value #DATABASE}. A store of an older version, a plain RocksDB
     * directly in {@code directory} (whose values TtlDB cannot read), is left unused: its triplets greylist
     * once more.
     *
     * @param lifetime how long an entry is kept after it was written (at least the greylist's retry window and passed lifetime)
     */
    public static RocksDbGreylistStore open(Path directory, Duration lifetime) throws IOException {
        RocksDB.loadLibrary();
        Path database = directory.resolve(DATABASE);
        Files.createDirectories(database);
        if (Files.exists(directory.resolve("CURRENT"))) {
            LOGGER.info("Greylist triplets of an older version in {} are no longer used (the store is now {}); they may be deleted",
                directory, database);
        }
        Options options = new Options().setCreateIfMissing(true);
        try {
            return new RocksDbGreylistStore(options, TtlDB.open(options, database.toString(), (int) Math.min(Integer.MAX_VALUE, lifetime.toSeconds()), false));
        } catch (RocksDBException e) {
            options.close();
            throw new IOException("cannot open the greylist store in " + database + ": " + e.getMessage(), e);
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
        ByteBuffer value = ByteBuffer.allocate(VALUE_BYTES).putLong(entry.firstSeen().toEpochMilli()).put((byte) (entry.passed() ? 1 : 0));
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
