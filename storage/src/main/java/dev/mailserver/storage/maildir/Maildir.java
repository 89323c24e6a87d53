package dev.mailserver.storage.maildir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

import dev.mailserver.core.MessageContent;

/**
 * One Maildir (tmp/, new/, cur/) and the delivery protocol of cr.yp.to/proto/maildir.html: a mailbox's INBOX, or
 * one of its Maildir++ folders ({@code <mailbox>/.Junk/}, marked by an empty {@code maildirfolder} file as
 * Dovecot expects). Directories and files are made with the mailbox permissions.
 */
public final class Maildir {
    static final String FOLDER_MARKER = "maildirfolder";

    private final Path directory;
    private final boolean folder;
    private final Path tmp;
    private final Path newMail;
    private final Path cur;
    private final MailboxPermissions permissions;
    private final DurableDirectories.Created created;
    private final MaildirSync sync;

    /**
     * @param created told of each directory made for this Maildir, with those above it under the mail root
     * @param sync makes the file, then its entry in new/, durable
     */
    private Maildir(Path directory, boolean folder, MailboxPermissions permissions, DurableDirectories.Created created,
                    MaildirSync sync) {
        this.directory = directory;
        this.folder = folder;
        this.tmp = directory.resolve("tmp");
        this.newMail = directory.resolve("new");
        this.cur = directory.resolve("cur");
        this.permissions = permissions;
        this.created = created;
        this.sync = sync;
    }

    static Maildir inbox(Path mailbox, MailboxPermissions permissions, DurableDirectories.Created created, MaildirSync sync) {
        return new Maildir(mailbox, false, permissions, created, sync);
    }

    /** @param name a folder name that {@link #isFolderName} accepts */
    static Maildir folder(Path mailbox, String name, MailboxPermissions permissions, DurableDirectories.Created created,
                          MaildirSync sync) {
        if (!isFolderName(name)) {
            throw new IllegalArgumentException("not a folder name: " + name);
        }
        return new Maildir(mailbox.resolve("." + name), true, permissions, created, sync);
    }

    /** Letters, digits, {@code -} and {@code _}, at most 64: one level, no Maildir++ separator, safe as a file name. */
    static boolean isFolderName(String name) {
        return name.matches("[\\p{Alnum}_-]{1,64}");
    }

    /**
     * Writes the message into tmp/, syncs it, renames it into new/ and syncs new/ (see {@link MaildirSync}: a
     * sync may cover several concurrent deliveries). Returns only once both the file and its entry are durable. A
     * file of that name left in tmp/ by an interrupted attempt is overwritten. On failure nothing is left
     * in tmp/ and, unless only the final sync failed, nothing in new/.
     *
     * @param name a name no other message in this Maildir has
     * @return the delivered file in new/
     */
    Path deliver(MessageContent content, String name) throws IOException {
        return deliver(content, name, "");
    }

    /**
     * Delivers as {@link #deliver(MessageContent, String)}, but a message with flags goes into cur/ as
     * {@code <name>:2,<flags>}, as a mail reader leaves a message it has seen.
     *
     * @param flags Maildir info flags ({@code S} seen, {@code F} flagged...) in ASCII order; empty for none
     */
    Path deliver(MessageContent content, String name, String flags) throws IOException {
        createIfMissing();
        Path tmpFile = tmp.resolve(name);
        Path into = flags.isEmpty() ? newMail : cur;
        try {
            write(content, tmpFile);
            permissions.applyToFile(tmpFile);
            Path delivered = Files.move(tmpFile, into.resolve(flags.isEmpty() ? name : name + ":2," + flags), StandardCopyOption.ATOMIC_MOVE);
            sync.entryMade(into);
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

    /** The message in new/ or cur/ whose name contains {@code namePart}, if any; lists both directories. */
    Optional<Path> find(String namePart) throws IOException {
        for (Path directory : new Path[] {newMail, cur}) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, file -> file.getFileName().toString().contains(namePart))) {
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
        if (Files.isDirectory(tmp) && Files.isDirectory(newMail) && Files.isDirectory(cur)) {
            return;
        }
        DurableDirectories.create(tmp, created);
        DurableDirectories.create(newMail, created);
        DurableDirectories.create(cur, created);
        Path marker = directory.resolve(FOLDER_MARKER);
        if (folder && !Files.exists(marker)) {
            try {
                Files.createFile(marker);
                permissions.applyToFile(marker);
            } catch (FileAlreadyExistsException concurrentlyCreated) {
                // made by a delivery at the same time
            }
            DurableDirectories.sync(directory);
        }
    }

    private void write(MessageContent content, Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
                InputStream message = content.openStream()) {
            long written = message.transferTo(Channels.newOutputStream(channel));
            if (written != content.size()) {
                throw new IOException("message content has " + written + " bytes, but its declared size is " + content.size());
            }
            sync.fileWritten(channel);
        }
    }
}
