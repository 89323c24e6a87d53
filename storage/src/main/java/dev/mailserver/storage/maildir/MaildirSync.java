package dev.mailserver.storage.maildir;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

import dev.mailserver.core.files.GroupedDirectorySyncs;

/**
 * How a delivery makes its message durable before it returns: first the file written in tmp/, then its entry
 * renamed into new/ (or cur/). Both ways keep Maildir's promise that what is in new/ is whole after a crash.
 */
public sealed interface MaildirSync {
    /** Returns once the content written to {@code file} (still open) is on disk. */
    void fileWritten(FileChannel file) throws IOException;

    /** Returns once the entry just renamed into {@code directory} is on disk. */
    void entryMade(Path directory) throws IOException;

    /**
     * An {@code fsync} of each message file, then one of {@code new/} shared by the deliveries renaming
     * into it meanwhile: one disk flush per message and one per group. Any system.
     */
    static MaildirSync perFile() {
        return new PerFile(new GroupedDirectorySyncs());
    }

    /**
     * A {@code syncfs} of the file system holding {@code root}, shared by every delivery that wrote a file
     * or made an entry meanwhile, whatever its mailbox: a delivery waits for two of them (the file, then its
     * entry), and concurrent deliveries share them, so the disk flushes per group, not per message. It also
     * writes out whatever else is pending on that file system, so it suits a file system that mostly holds
     * mail. Linux only ({@link #fileSystemSupported()}).
     */
    static MaildirSync fileSystem(Path root) {
        if (!fileSystemSupported()) {
            throw new IllegalStateException("syncfs is not available on this system");
        }
        FileSystemSync fileSystem = new FileSystemSync(root);
        return new FileSystem(root, new GroupedDirectorySyncs(directory -> fileSystem.sync()));
    }

    static boolean fileSystemSupported() {
        return FileSystemSync.supported();
    }

    record PerFile(GroupedDirectorySyncs directorySyncs) implements MaildirSync {
        @Override
        public void fileWritten(FileChannel file) throws IOException {
            file.force(true);
        }

        @Override
        public void entryMade(Path directory) throws IOException {
            directorySyncs.syncAfterEntry(directory);
        }
    }

    record FileSystem(Path root, GroupedDirectorySyncs fileSystemSyncs) implements MaildirSync {
        @Override
        public void fileWritten(FileChannel file) throws IOException {
            fileSystemSyncs.syncAfterEntry(root);
        }

        @Override
        public void entryMade(Path directory) throws IOException {
            fileSystemSyncs.syncAfterEntry(root);
        }
    }
}
