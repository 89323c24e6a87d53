package dev.mailserver.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

import dev.mailserver.core.MessageContent;

/** One Maildir (tmp/, new/, cur/) and the delivery protocol of cr.yp.to/proto/maildir.html. */
final class Maildir {
    private final Path tmp;
    private final Path newMail;
    private final Path cur;
    private final GroupedDirectorySyncs directorySyncs;

    /** @param directorySyncs syncs {@code new/} after a rename, shared with concurrent deliveries */
    Maildir(Path directory, GroupedDirectorySyncs directorySyncs) {
        this.directorySyncs = directorySyncs;
        this.tmp = directory.resolve("tmp");
        this.newMail = directory.resolve("new");
        this.cur = directory.resolve("cur");
    }

    /**
     * Writes the message into tmp/, syncs it, renames it into new/ and syncs new/ (one sync of new/ may
     * cover several concurrent deliveries). Returns only once both the file and its entry are durable.
     * On failure nothing is left in tmp/ and, unless only the final sync failed, nothing in new/.
     *
     * @return the delivered file in new/
     */
    Path deliver(MessageContent content, MaildirFileNames names) throws IOException {
        createIfMissing();
        Path tmpFile = createUniqueTmpFile(content.size(), names);
        try {
            write(content, tmpFile);
            Path delivered = Files.move(tmpFile, newMail.resolve(tmpFile.getFileName()), StandardCopyOption.ATOMIC_MOVE);
            directorySyncs.syncAfterEntry(newMail);
            return delivered;
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(tmpFile);
            } catch (IOException cleanupFailure) {
                e.addSuppressed(cleanupFailure);
            }
            throw e;
        }
    }

    private void createIfMissing() throws IOException {
        DurableDirectories.create(tmp);
        DurableDirectories.create(newMail);
        DurableDirectories.create(cur);
    }

    private Path createUniqueTmpFile(long size, MaildirFileNames names) throws IOException {
        while (true) {
            String name = names.next(size);
            // The rename into new/ would silently replace a file of the same name.
            if (Files.exists(newMail.resolve(name))) {
                continue;
            }
            try {
                return Files.createFile(tmp.resolve(name));
            } catch (FileAlreadyExistsException nameTaken) {
                // another name is drawn on the next turn
            }
        }
    }

    private static void write(MessageContent content, Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE);
                InputStream message = content.openStream()) {
            long written = message.transferTo(Channels.newOutputStream(channel));
            if (written != content.size()) {
                throw new IOException("message content has " + written + " bytes, but its declared size is " + content.size());
            }
            channel.force(true);
        }
    }
}
