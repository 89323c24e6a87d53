package dev.mailserver.queue;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import dev.mailserver.core.queue.QueueStorageException;
import dev.mailserver.core.queue.StorageSpace;

/**
 * Refuses new mail while the spool's file system is nearly full, like Postfix's {@code queue_minfree}: the
 * space left keeps room for recording deliveries (which free space) and for RocksDB's own flushes, so
 * the spool does not run into a full disk in the middle of its work.
 */
final class DiskReserve {
    private static final long RECHECK_NANOS = 1_000_000_000L;

    private final Path directory;
    private final FileStore store;
    private final long reserveBytes;
    private volatile long lastUsable;
    private volatile long checkedAtNanos;

    private DiskReserve(Path directory, FileStore store, long reserveBytes) {
        this.directory = directory;
        this.store = store;
        this.reserveBytes = reserveBytes;
    }

    /** @param reserveBytes free space to keep; 0 turns the check off */
    static DiskReserve of(Path directory, long reserveBytes) throws IOException {
        return new DiskReserve(directory, Files.getFileStore(directory), reserveBytes);
    }

    /** The free space, read from the file system at most once per {@link #RECHECK_NANOS}; empty when the check is off. */
    Optional<StorageSpace> space() throws IOException {
        if (reserveBytes == 0) {
            return Optional.empty();
        }
        long now = System.nanoTime();
        if (now - checkedAtNanos > RECHECK_NANOS || checkedAtNanos == 0) {
            lastUsable = store.getUsableSpace();
            checkedAtNanos = now;
        }
        return Optional.of(new StorageSpace(lastUsable, reserveBytes));
    }

    /** @throws QueueStorageException when storing {@code size} more bytes would leave less than the reserve */
    void checkRoomFor(long size) throws IOException {
        if (reserveBytes == 0) {
            return;
        }
        long usable = store.getUsableSpace();
        if (usable - size < reserveBytes) {
            throw new QueueStorageException("not enough free space for the mail queue in " + directory + ": " + usable
                + " bytes free, a message of " + size + " bytes would leave less than the " + reserveBytes + " to keep");
        }
    }
}
