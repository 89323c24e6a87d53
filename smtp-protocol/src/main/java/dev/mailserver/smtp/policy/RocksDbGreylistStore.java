package dev.mailserver.smtp.policy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;

/**
 * Greylisting triplets in their own RocksDB directory. Writes are not synced: losing the last ones in a
 * crash only greylists those clients once more.
 */
public final class RocksDbGreylistStore implements GreylistStore, AutoCloseable {
    private final Options options;
    private final RocksDB db;

    private RocksDbGreylistStore(Options options, RocksDB db) {
        this.options = options;
        this.db = db;
    }

    public static RocksDbGreylistStore open(Path directory) throws IOException {
        RocksDB.loadLibrary();
        Files.createDirectories(directory);
        Options options = new Options().setCreateIfMissing(true);
        try {
            return new RocksDbGreylistStore(options, RocksDB.open(options, directory.toString()));
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

    @Override
    public void close() {
        db.close();
        options.close();
    }
}
