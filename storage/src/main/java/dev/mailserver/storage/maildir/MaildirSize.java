package dev.mailserver.storage.maildir;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.mailserver.storage.quota.QuotaLimits;
import dev.mailserver.storage.quota.QuotaUsage;

/**
 * The Maildir++ quota file {@code <mailbox>/maildirsize} (www.courier-mta.org/imap/README.maildirquota.html), as
 * Dovecot's {@code maildir} quota reads and writes it: a first line with the limits ({@code <bytes>S,<count>C}),
 * then one {@code <bytes> <count>} line per change (negative for removals). It is recalculated from the
 * mailbox's files when it is missing, unreadable, longer than 5120 bytes or names other limits.
 */
public final class MaildirSize {
    static final String FILE_NAME = "maildirsize";
    private static final int MAX_LENGTH = 5120;
    private static final Pattern SIZE_IN_NAME = Pattern.compile(",S=(\\d+)");

    private MaildirSize() {
    }

    /** The mailbox's usage, from the file, recalculated first when needed. */
    public static QuotaUsage read(Path mailbox, QuotaLimits limits, MailboxPermissions permissions) throws IOException {
        Path file = mailbox.resolve(FILE_NAME);
        try {
            if (Files.size(file) <= MAX_LENGTH) {
                List<String> lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
                if (!lines.isEmpty() && lines.get(0).strip().equals(limits.maildirSizeHeader())) {
                    return sum(lines.subList(1, lines.size()));
                }
            }
        } catch (NoSuchFileException | NumberFormatException | ArrayIndexOutOfBoundsException e) {
            // recalculated below
        }
        return recalculate(mailbox, limits, permissions);
    }

    /**
     * Appends a change of {@code bytes} and {@code messages} (negative for removed mail) that has happened; a
     * mailbox without the file gets one, counted from its files (the change included).
     */
    public static void add(Path mailbox, QuotaLimits limits, MailboxPermissions permissions, long bytes, long messages) throws IOException {
        Path file = mailbox.resolve(FILE_NAME);
        if (!Files.exists(file)) {
            recalculate(mailbox, limits, permissions);
            return;
        }
        append(file, bytes, messages);
    }

    /** Appends the removal of {@code bytes} in {@code messages} files, when the mailbox has the file (else it is counted when needed). */
    static void subtract(Path mailbox, long bytes, long messages) throws IOException {
        Path file = mailbox.resolve(FILE_NAME);
        if (Files.exists(file)) {
            append(file, -bytes, -messages);
        }
    }

    private static void append(Path file, long bytes, long messages) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            channel.write(StandardCharsets.US_ASCII.encode(bytes + " " + messages + "\n"));
        }
    }

    private static QuotaUsage sum(List<String> lines) {
        QuotaUsage usage = QuotaUsage.EMPTY;
        for (String line : lines) {
            if (!line.isBlank()) {
                String[] fields = line.strip().split("\\s+");
                usage = usage.plus(Long.parseLong(fields[0]), Long.parseLong(fields[1]));
            }
        }
        return usage;
    }

    private static QuotaUsage recalculate(Path mailbox, QuotaLimits limits, MailboxPermissions permissions) throws IOException {
        if (!Files.isDirectory(mailbox)) {
            return QuotaUsage.EMPTY;
        }
        QuotaUsage usage = QuotaUsage.EMPTY;
        for (Path maildir : maildirs(mailbox)) {
            for (String sub : List.of("new", "cur")) {
                usage = usage.plus(bytesIn(maildir.resolve(sub)), 0).plus(0, countIn(maildir.resolve(sub)));
            }
        }
        Path temporary = mailbox.resolve(FILE_NAME + "." + ProcessHandle.current().pid() + "." + Thread.currentThread().threadId());
        Files.writeString(temporary, limits.maildirSizeHeader() + "\n" + usage.bytes() + " " + usage.messages() + "\n", StandardCharsets.US_ASCII);
        permissions.applyToFile(temporary);
        Files.move(temporary, mailbox.resolve(FILE_NAME), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return usage;
    }

    /** The INBOX and the Maildir++ folders. */
    private static List<Path> maildirs(Path mailbox) throws IOException {
        List<Path> maildirs = new ArrayList<>(List.of(mailbox));
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(mailbox, entry -> entry.getFileName().toString().startsWith(".")
                && Files.exists(entry.resolve(Maildir.FOLDER_MARKER)))) {
            entries.forEach(maildirs::add);
        }
        return maildirs;
    }

    private static long bytesIn(Path directory) throws IOException {
        long bytes = 0;
        for (Path file : files(directory)) {
            Matcher size = SIZE_IN_NAME.matcher(file.getFileName().toString());
            try {
                bytes += size.find() ? Long.parseLong(size.group(1)) : Files.size(file);
            } catch (NoSuchFileException removedMeanwhile) {
                // a reader expunged it
            }
        }
        return bytes;
    }

    private static long countIn(Path directory) throws IOException {
        return files(directory).size();
    }

    private static List<Path> files(Path directory) throws IOException {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            entries.forEach(files::add);
        } catch (NoSuchFileException noSuchDirectory) {
            return List.of();
        }
        return files;
    }
}
