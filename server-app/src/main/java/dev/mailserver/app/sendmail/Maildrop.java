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
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
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
 */
public final class Maildrop {
    private static final String READY = ".mail";
    private static final String MAIL_FROM = "MAIL FROM:<";
    private static final String RCPT_TO = "RCPT TO:<";

    private final Path directory;

    public Maildrop(Path directory) {
        this.directory = directory;
    }

    Path directory() {
        return directory;
    }

    /** Writes the message with {@code message} after the envelope; returns its file once it is ready for pick-up. */
    public Path drop(Envelope envelope, MessageWriter message) throws IOException {
        Files.createDirectories(directory);
        String id = QueueId.generate().value();
        Path temporary = directory.resolve(id + ".tmp");
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel));
            StringBuilder head = new StringBuilder(MAIL_FROM).append(envelope.sender().asString("")).append(">\n");
            envelope.recipients().forEach(recipient -> head.append(RCPT_TO).append(recipient.asString()).append(">\n"));
            out.write(head.append('\n').toString().getBytes(StandardCharsets.US_ASCII));
            message.writeTo(out);
            out.flush();
            channel.force(true);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temporary);
            throw e;
        }
        Path ready = directory.resolve(id + READY);
        Files.move(temporary, ready, StandardCopyOption.ATOMIC_MOVE);
        return ready;
    }

    /** The messages ready for pick-up, oldest first (their names begin with a time-ordered id). */
    List<Path> ready() throws IOException {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(file -> file.getFileName().toString().endsWith(READY)).sorted().toList();
        }
    }

    /** @throws IOException when the file cannot be read or is not a maildrop file */
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
                    throw new IOException(file + ": not a maildrop envelope line: " + line);
                }
            }
        }
        if (sender == null || recipients.isEmpty()) {
            throw new IOException(file + ": the envelope needs a sender and at least one recipient");
        }
        MaybeSender maybeSender = sender.isEmpty() ? MaybeSender.nullSender() : MaybeSender.of(address(sender, file));
        return new Dropped(new Envelope(maybeSender, recipients), new FileTail(file, envelopeLength + 1));
    }

    private static MailAddress address(String text, Path file) throws IOException {
        try {
            return new MailAddress(text);
        } catch (AddressException e) {
            throw new IOException(file + ": '" + text + "' is not a mail address", e);
        }
    }

    /** Writes the message itself. */
    public interface MessageWriter {
        void writeTo(OutputStream out) throws IOException;
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
