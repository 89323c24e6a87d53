package dev.mailserver.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

import dev.mailserver.core.MessageContent;

/** One Maildir (tmp/, new/, cur/) and the delivery protocol of cr.yp.to/proto/maildir.html. */
final class Maildir {
    private final Path tmp;
    private final Path newMail;
    private final Path cur;

    Maildir(Path directory) {
        this.tmp = directory.resolve("tmp");
        this.newMail = directory.resolve("new");
        this.cur = directory.resolve("cur");
    }

    /**
     * Writes the message into tmp/, syncs it, renames it into new/ and syncs new/. A file of that name
     * left in tmp/ by an interrupted attempt is overwritten. On failure nothing is left in tmp/ and, unless
     * only the final sync failed, nothing in new/.
     *
     * @param name a name no other message in this Maildir has
     * @return the delivered file in new/
     */
    Path deliver(MessageContent content, String name) throws IOException {
        createIfMissing();
        Path tmpFile = tmp.resolve(name);
        try {
            write(content, tmpFile);
            Path delivered = Files.move(tmpFile, newMail.resolve(name), StandardCopyOption.ATOMIC_MOVE);
            DurableDirectories.sync(newMail);
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

    /** The message in new/ or cur/ whose name starts with {@code namePrefix}, if any; lists both directories. */
    Optional<Path> find(String namePrefix) throws IOException {
        for (Path directory : new Path[] {newMail, cur}) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, file -> file.getFileName().toString().startsWith(namePrefix))) {
                for (Path file : files) {
                    return Optional.of(file);
                }
            } catch (NoSuchFileException noMaildirYet) {
                // nothing delivered here yet
            }
        }
        return Optional.empty();
    }

    private void createIfMissing() throws IOException {
        DurableDirectories.create(tmp);
        DurableDirectories.create(newMail);
        DurableDirectories.create(cur);
    }

    private static void write(MessageContent content, Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
                InputStream message = content.openStream()) {
            long written = message.transferTo(Channels.newOutputStream(channel));
            if (written != content.size()) {
                throw new IOException("message content has " + written + " bytes, but its declared size is " + content.size());
            }
            channel.force(true);
        }
    }
}
