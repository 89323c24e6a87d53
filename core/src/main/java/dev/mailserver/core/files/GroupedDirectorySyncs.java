package dev.mailserver.core.files;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Syncs directories as a group commit: a caller that has just made an entry (a rename into
 * {@code new/}) waits until a sync of the directory that started after its entry has succeeded.
 * While one sync runs, the callers arriving meanwhile wait together, and the next sync covers all of
 * them, so concurrent deliveries into one Maildir share their directory syncs instead of queueing
 * one each. Nobody returns before a sync covering its entry has completed; when that sync fails,
 * every caller it covered gets the failure.
 *
 * <p>Used by the Maildir store for {@code new/} and by the RocksDB queue for its content files.
 */
public final class GroupedDirectorySyncs {
    private final DirectorySync sync;
    private final Map<Path, Group> groups = new ConcurrentHashMap<>();

    public GroupedDirectorySyncs() {
        this(GroupedDirectorySyncs::syncNow);
    }

    /** @param sync how one directory is synced (a test may count or delay the calls) */
    public GroupedDirectorySyncs(DirectorySync sync) {
        this.sync = sync;
    }

    /** Returns once a sync of {@code directory} that started after this call was made has succeeded. */
    public void syncAfterEntry(Path directory) throws IOException {
        groups.computeIfAbsent(directory, Group::new).awaitSync();
    }

    /** Flushes the directory's entries to disk at once, alone (supported on Linux, where a directory can be opened for reading). */
    public static void syncNow(Path directory) throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    @FunctionalInterface
    public interface DirectorySync {
        void sync(Path directory) throws IOException;
    }

    /** The syncs of one directory: requests are numbered, and a sync covers every request numbered before it started. */
    private final class Group {
        private final Path directory;
        private final ReentrantLock lock = new ReentrantLock();
        private final Condition syncEnded = lock.newCondition();
        private long requested;
        private long synced;
        private boolean syncing;
        private long failedAfter;
        private long failedUpTo;
        private IOException failure;

        private Group(Path directory) {
            this.directory = directory;
        }

        private void awaitSync() throws IOException {
            lock.lock();
            try {
                long ticket = ++requested;
                while (true) {
                    if (failure != null && ticket > failedAfter && ticket <= failedUpTo) {
                        throw new IOException("cannot sync " + directory + ": " + failure.getMessage(), failure);
                    }
                    if (synced >= ticket) {
                        return;
                    }
                    if (syncing) {
                        syncEnded.awaitUninterruptibly();
                    } else {
                        syncForAllRequested();
                    }
                }
            } finally {
                lock.unlock();
            }
        }

        /** Called with the lock held; the lock is let go while the disk works, so that others queue up. */
        private void syncForAllRequested() {
            syncing = true;
            long covers = requested;
            long before = synced;
            IOException failed = null;
            lock.unlock();
            try {
                sync.sync(directory);
            } catch (IOException e) {
                failed = e;
            } finally {
                lock.lock();
                syncing = false;
                if (failed == null) {
                    synced = Math.max(synced, covers);
                } else {
                    failure = failed;
                    failedAfter = before;
                    failedUpTo = covers;
                }
                syncEnded.signalAll();
            }
        }
    }
}
