package dev.mailserver.storage.maildir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

import org.apache.james.core.MailAddress;

import dev.mailserver.core.InternationalAddresses;

/**
 * The messages of a mailbox's INBOX as mail readers see them (POP3): the files of {@code new/} and {@code cur/},
 * each with a unique id that stays the same while the file is moved or gets flags, and their removal with
 * the mailbox's {@code maildirsize} kept up to date.
 */
public final class MaildirMessages {
    /** RFC 1939: a unique-id is 1 to 70 characters 0x21 to 0x7E. */
    private static final int MAX_UID_LENGTH = 70;

    private MaildirMessages() {
    }

    /** One message file. @param uid the file's base name (up to the first {@code ,} or {@code :}) or, when longer than 70, its hash */
    public record StoredMessage(Path file, long size, String uid) {
    }

    /** The directory of a mailbox: {@code <root>/<domain>/<local part>}, lower case. */
    public static Path mailboxDirectory(Path root, MailAddress mailbox) {
        return root.resolve(mailbox.getDomain().asString()).resolve(InternationalAddresses.mailboxName(mailbox).toLowerCase(Locale.ROOT));
    }

    /** The INBOX's messages, oldest name first; empty when the mailbox has none yet. */
    public static List<StoredMessage> list(Path mailbox) throws IOException {
        List<StoredMessage> messages = new ArrayList<>();
        for (String sub : List.of("cur", "new")) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(mailbox.resolve(sub))) {
                for (Path file : files) {
                    try {
                        messages.add(new StoredMessage(file, Files.size(file), uid(file.getFileName().toString())));
                    } catch (NoSuchFileException movedMeanwhile) {
                        // another reader moved or expunged it
                    }
                }
            } catch (NoSuchFileException noMaildirYet) {
                // nothing delivered yet
            }
        }
        messages.sort((a, b) -> a.uid().compareTo(b.uid()));
        return messages;
    }

    /** Deletes the messages' files (those already gone are skipped) and records their removal in {@code maildirsize}. */
    public static void remove(Path mailbox, List<StoredMessage> messages) throws IOException {
        long bytes = 0;
        long count = 0;
        for (StoredMessage message : messages) {
            if (Files.deleteIfExists(message.file())) {
                bytes += message.size();
                count++;
            }
        }
        for (String sub : List.of("cur", "new")) {
            if (Files.isDirectory(mailbox.resolve(sub))) {
                DurableDirectories.sync(mailbox.resolve(sub));
            }
        }
        if (count > 0) {
            MaildirSize.subtract(mailbox, bytes, count);
        }
    }

    private static String uid(String fileName) {
        int end = fileName.length();
        for (char separator : new char[] {',', ':'}) {
            int at = fileName.indexOf(separator);
            if (at > 0) {
                end = Math.min(end, at);
            }
        }
        String base = fileName.substring(0, end);
        boolean printable = base.chars().allMatch(c -> c >= 0x21 && c <= 0x7E);
        return base.length() <= MAX_UID_LENGTH && printable ? base : sha256(base);
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8))).substring(0, 64);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
