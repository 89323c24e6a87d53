package dev.mailserver.storage.maildir;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.mailserver.core.files.GroupedDirectorySyncs;

/**
 * Directory operations that survive a crash: a new or renamed entry is only durable once the
 * directory that holds it has been synced.
 */
public final class DurableDirectories {
    private DurableDirectories() {
    }

    /** Creates the directory and any missing ancestors, syncing each parent that gained an entry. */
    public static void create(Path directory) throws IOException {
        create(directory, created -> { });
    }

    /** Creates the directory and any missing ancestors as {@link #create(Path)}, telling {@code created} of each one made. */
    public static void create(Path directory, Created created) throws IOException {
        if (Files.isDirectory(directory)) {
            return;
        }
        Path parent = directory.toAbsolutePath().getParent();
        create(parent, created);
        try {
            Files.createDirectory(directory);
            created.made(directory);
        } catch (FileAlreadyExistsException concurrentlyCreated) {
            if (!Files.isDirectory(directory)) {
                throw concurrentlyCreated;
            }
            // The other creator may not have synced the parent yet, so sync it here as well.
        }
        sync(parent);
    }

    /** Told of each directory {@link #create(Path, Created)} makes, e.g. to give it an owner. */
    interface Created {
        void made(Path directory) throws IOException;
    }

    /** Flushes the directory's entries to disk (supported on Linux, where a directory can be opened for reading). */
    public static void sync(Path directory) throws IOException {
        GroupedDirectorySyncs.syncNow(directory);
    }
}
