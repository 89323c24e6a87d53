package dev.mailserver.app.sendmail;

import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import javax.mail.internet.AddressException;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;

import dev.mailserver.core.Envelope;
import dev.mailserver.core.MessageContent;
import dev.mailserver.core.QueueId;

/**
 * The directory where {@code mailserver sendmail} leaves messages for the server to pick up, like
 * Postfix's maildrop: one file per message, written as {@code ID.tmp} and renamed to {@code ID.mail} once
 * synced, so the server never sees half a message. A file is the envelope ({@code MAIL FROM:<...>}, then
 * {@code RCPT TO:<...>} lines), an empty line, and the message with CRLF line ends (US-ASCII envelope).
 *
 * <p>The server makes the directory, owns it and gives it mode {@code 1733}, as {@code /tmp} but not
 * listable: any local user may drop a file (readable by the server), only its owner or the server may
 * rename or remove it, and no one else sees what is there. {@code sendmail} never makes the directory: a
 * file in a directory that the server did not make might never be picked up.
 */
public final class Maildrop {
    /** rwx for the server, write and search for everyone else, sticky. */
    static final int DIRECTORY_MODE = 01733;
    private static final String READY = ".mail";
    private static final String TAKEN = ".queue";
    private static final String MAIL_FROM = "MAIL FROM:<";
    private static final String RCPT_TO = "RCPT TO:<";

    private final Path directory;

    public Maildrop(Path directory) {
        this.directory = directory;
    }

    Path directory() {
        return directory;
    }

    /** For the server at start: makes the directory, or gives it the maildrop's mode when it is the server's own. */
    void prepare() throws IOException {
        Files.createDirectories(directory);
        if (Files.getOwner(directory).getName().equals(System.getProperty("user.name"))) {
            Files.setAttribute(directory, "unix:mode", DIRECTORY_MODE);
        }
    }

    /**
     * Writes the message with {@code message} after the envelope; returns its file once it is ready for pick-up.
     *
     * @throws NotReady when the server has not made the directory (it is missing, or not the server's mode)
     */
    public Path drop(Envelope envelope, MessageWriter message) throws IOException {
        checkReady();
        String id = QueueId.generate().value();
        Path temporary = directory.resolve(id + ".tmp");
        try (FileChannel channel = FileChannel.open(temporary, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--")))) {
            OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel));
            StringBuilder head = new StringBuilder(MAIL_FROM).append(envelope.sender().asString("")).append(">\n");
            envelope.recipients().forEach(recipient -> head.append(RCPT_TO).append(recipient.asString()).append(">\n"));
            out.write(head.append('\n').toString().getBytes(StandardCharsets.US_ASCII));
            message.writeTo(out);
            out.flush();
            channel.force(true);
        } catch (AccessDeniedException e) {
            throw new NotReady("cannot write into the maildrop " + directory + " (" + e.getMessage() + "): it should have mode "
                + Integer.toOctalString(DIRECTORY_MODE) + ", as the server makes it");
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temporary);
            throw e;
        }
        Path ready = directory.resolve(id + READY);
        Files.move(temporary, ready, StandardCopyOption.ATOMIC_MOVE);
        return ready;
    }

    private void checkReady() throws IOException {
        if (!Files.isDirectory(directory)) {
            throw new NotReady("the maildrop " + directory + " does not exist: the server makes it when it starts "
                + "(mailserver run, with the same --config)");
        }
        int mode = ((Integer) Files.getAttribute(directory, "unix:mode")) & 07777;
        if (mode != DIRECTORY_MODE) {
            throw new NotReady("the maildrop " + directory + " has mode " + Integer.toOctalString(mode) + ", not the "
                + Integer.toOctalString(DIRECTORY_MODE) + " the server gives it, so the server may not be able to pick up "
                + "the message: remove the directory and restart the server, which makes it again");
        }
    }

    /** The messages ready for pick-up, and those taken but not yet queued (after a crash), oldest first. */
    List<Path> ready() throws IOException {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(file -> name(file).endsWith(READY) || name(file).endsWith(TAKEN)).sorted().toList();
        }
    }

    /**
     * Takes a file out of the ready ones before it is queued, so that a file the server could not remove
     * afterwards is never queued twice; a file already taken is returned as it is.
     */
    static Path take(Path file) throws IOException {
        if (name(file).endsWith(TAKEN)) {
            return file;
        }
        Path taken = file.resolveSibling(baseName(file) + TAKEN);
        Files.move(file, taken, StandardCopyOption.ATOMIC_MOVE);
        return taken;
    }

    /** Puts a taken file back among the ready ones, to be tried again. */
    static void putBack(Path taken) throws IOException {
        Files.move(taken, taken.resolveSibling(baseName(taken) + READY), StandardCopyOption.ATOMIC_MOVE);
    }

    /** The queue id the message gets: the file's own, so that a file queued once is refused the second time. */
    static Optional<QueueId> idOf(Path file) {
        try {
            return Optional.of(new QueueId(baseName(file)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static String name(Path file) {
        return file.getFileName().toString();
    }

    private static String baseName(Path file) {
        String name = name(file);
        int dot = name.lastIndexOf('.');
        return dot < 0 ? name : name.substring(0, dot);
    }

    /**
     * @throws NotAMessage when the file is not a maildrop file
     * @throws IOException when the file cannot be read
     */
    static Dropped read(Path file) throws IOException {
        long envelopeLength = 0;
        String sender = null;
        List<MailAddress> recipients = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(Files.newInputStream(file), StandardCharsets.US_ASCII))) {
            for (String line = reader.readLine(); line != null && !line.isEmpty(); line = reader.readLine()) {
                envelopeLength += line.length() + 1;
                if (sender == null && line.startsWith(MAIL_FROM) && line.endsWith(">")) {
                    sender = line.substring(MAIL_FROM.length(), line.length() - 1);
                } else if (sender != null && line.startsWith(RCPT_TO) && line.endsWith(">")) {
                    recipients.add(address(line.substring(RCPT_TO.length(), line.length() - 1), file));
                } else {
                    throw new NotAMessage(file + ": not a maildrop envelope line: " + line);
                }
            }
        }
        if (sender == null || recipients.isEmpty()) {
            throw new NotAMessage(file + ": the envelope needs a sender and at least one recipient");
        }
        MaybeSender maybeSender = sender.isEmpty() ? MaybeSender.nullSender() : MaybeSender.of(address(sender, file));
        return new Dropped(new Envelope(maybeSender, recipients), new FileTail(file, envelopeLength + 1));
    }

    private static MailAddress address(String text, Path file) throws IOException {
        try {
            return new MailAddress(text);
        } catch (AddressException e) {
            throw new NotAMessage(file + ": '" + text + "' is not a mail address");
        }
    }

    /** Writes the message itself. */
    public interface MessageWriter {
        void writeTo(OutputStream out) throws IOException;
    }

    /** The file was read, and it is not a maildrop file. */
    static final class NotAMessage extends IOException {
        NotAMessage(String message) {
            super(message);
        }
    }

    /** The maildrop is not ready for messages: {@code sendmail} should exit with "try again later". */
    public static final class NotReady extends IOException {
        NotReady(String message) {
            super(message);
        }
    }

    record Dropped(Envelope envelope, MessageContent content) {
    }

    /** The message in a maildrop file: everything after the envelope, read from the file, never held in memory. */
    private record FileTail(Path file, long offset) implements MessageContent {
        @Override
        public long size() {
            try {
                return Files.size(file) - offset;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public InputStream openStream() throws IOException {
            InputStream in = Files.newInputStream(file);
            in.skipNBytes(offset);
            return in;
        }
    }
}
