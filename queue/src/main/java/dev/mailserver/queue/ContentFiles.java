package dev.mailserver.queue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.mailserver.core.QueueId;
import dev.mailserver.core.files.GroupedDirectorySyncs;

/**
 * The directory {@code content/} of the spool, with one file per message whose content is kept in a file
 * (a large message received into a scratch file: the queue takes that file over instead of copying it into
 * RocksDB). A file is named by its queue id and is made durable before its record is written; it is deleted
 * after its record's deletion is durable. So a record never lacks its file, and a file without a record (a
 * crash between the two) is an orphan, removed when the spool is opened.
 */
final class ContentFiles {
    private static final Logger LOG = LoggerFactory.getLogger(ContentFiles.class);
    static final String DIRECTORY = "content";

    private final Path directory;
    private final GroupedDirectorySyncs directorySyncs = new GroupedDirectorySyncs();

    private ContentFiles(Path directory) {
        this.directory = directory;
    }

    /** Opens (creating if needed, durably) the directory {@code content/} of the spool in {@code spoolDirectory}. */
    static ContentFiles open(Path spoolDirectory) throws IOException {
        Path directory = spoolDirectory.resolve(DIRECTORY);
        if (!Files.isDirectory(directory)) {
            Files.createDirectories(directory);
            GroupedDirectorySyncs.syncNow(spoolDirectory);
        }
        return new ContentFiles(directory);
    }

    Path of(QueueId id) {
        return directory.resolve(id.value());
    }

    /**
     * Makes {@code file} the content file of {@code id}: syncs its data, renames it into the directory and
     * syncs the directory (one sync shared by the renames made meanwhile). Returns why not, leaving the file
     * where it is, when it cannot be renamed (on another file system than the spool, say); empty when done.
     */
    Optional<IOException> take(Path file, QueueId id) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.force(false);
        }
        try {
            Files.move(file, of(id), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            return Optional.of(e);
        }
        directorySyncs.syncAfterEntry(directory);
        return Optional.empty();
    }

    /**
     * The content file of {@code id} from byte {@code skipped} on. A missing file (which the order of writes
     * rules out) is logged as the error it is and read as content that has left the queue.
     */
    InputStream open(QueueId id, long skipped) throws IOException {
        InputStream in;
        try {
            in = Files.newInputStream(of(id));
        } catch (NoSuchFileException e) {
            LOG.error("{}: its content file {} is missing although its record is there", id, of(id));
            throw new IOException("the content file of " + id + " is missing: the message has left the queue", e);
        }
        in.skipNBytes(skipped);
        return in;
    }

    /** Deletes the content file of {@code id}, if there is one; one that cannot be deleted is logged and swept at the next open. */
    void delete(QueueId id) {
        try {
            Files.deleteIfExists(of(id));
        } catch (IOException e) {
            LOG.warn("{}: could not delete its content file {} ({}); it is removed at the next start", id, of(id), e.toString());
        }
    }

    /** Deletes every file not {@code kept} by a record: what a crash left between a file's rename and its record. */
    void sweep(Kept kept) throws IOException {
        int swept = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
            for (Path file : files) {
                if (!isKept(file, kept)) {
                    Files.deleteIfExists(file);
                    swept++;
                }
            }
        }
        if (swept > 0) {
            LOG.info("Removed {} content file(s) without a message record from {}", swept, directory);
        }
    }

    private static boolean isKept(Path file, Kept kept) throws IOException {
        QueueId id;
        try {
            id = new QueueId(file.getFileName().toString());
        } catch (IllegalArgumentException notAQueueId) {
            return false;
        }
        return kept.byRecordOf(id);
    }

    /** Says whether the record of a message refers to its content file. */
    @FunctionalInterface
    interface Kept {
        boolean byRecordOf(QueueId id) throws IOException;
    }
}
