package dev.mailserver.queue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import javax.mail.internet.AddressException;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;

import dev.mailserver.core.EnvelopeOptions;
import dev.mailserver.core.QueueId;
import dev.mailserver.core.queue.QueuedMail;
import dev.mailserver.core.queue.RecipientState;
import dev.mailserver.core.queue.RecipientStatus;

/**
 * The binary form of a message record (everything in {@link StoredMail} but the id, which is the key).
 *
 * <p>Format version 2: version byte; flags byte (bit 0 held, bit 1 delay warning sent); sender flag
 * (0 = null sender, 1 = address) and address; size; arrival and next attempt as epoch millis; attempts;
 * recipient count, then per recipient its address, status byte and last result. Strings are an int length
 * and UTF-8 bytes, because a remote server's reply may exceed what {@link DataOutputStream#writeUTF}
 * takes. Status bytes are fixed here rather than enum ordinals so that reordering {@link RecipientStatus}
 * cannot corrupt stored records.
 *
 * <p>Version 3 is version 2 followed by what the client asked with MAIL and RCPT parameters (see
 * {@link OptionsCodec}). Version 4 is version 3 with bit 2 of the flags saying that the content is in a
 * file ({@link ContentInFile}), and then, after the options, its head length and skipped bytes as two
 * longs. Versions 1 (version 2 without the flags byte), 2 and 3, written by earlier releases, are still
 * read; messages of versions 1 and 2 have no options.
 */
final class QueuedMailCodec {
    private static final byte VERSION_WITHOUT_FLAGS = 1;
    private static final byte VERSION_WITHOUT_OPTIONS = 2;
    private static final byte VERSION_WITHOUT_CONTENT_FILE = 3;
    private static final byte VERSION = 4;
    private static final int HELD = 1;
    private static final int DELAY_WARNED = 2;
    private static final int CONTENT_IN_FILE = 4;
    private static final byte NULL_SENDER = 0;
    private static final byte ADDRESS_SENDER = 1;
    private static final byte PENDING = 0;
    private static final byte DELIVERED = 1;
    private static final byte FAILED = 2;

    private QueuedMailCodec() {
    }

    static byte[] encode(StoredMail stored) {
        QueuedMail mail = stored.mail();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            ContentInFile file = stored.contentFile();
            out.writeByte((stored.held() ? HELD : 0) | (stored.delayWarned() ? DELAY_WARNED : 0) | (file != null ? CONTENT_IN_FILE : 0));
            if (mail.sender().isNullSender()) {
                out.writeByte(NULL_SENDER);
            } else {
                out.writeByte(ADDRESS_SENDER);
                writeString(out, mail.sender().get().asString());
            }
            out.writeLong(mail.size());
            out.writeLong(mail.arrivedAt().toEpochMilli());
            out.writeLong(mail.nextAttemptAt().toEpochMilli());
            out.writeInt(mail.attempts());
            out.writeInt(mail.recipients().size());
            for (RecipientState recipient : mail.recipients()) {
                writeString(out, recipient.recipient().asString());
                out.writeByte(statusCode(recipient.status()));
                writeString(out, recipient.lastResult());
            }
            OptionsCodec.write(out, mail);
            if (file != null) {
                out.writeLong(file.headLength());
                out.writeLong(file.skippedBytes());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return bytes.toByteArray();
    }

    static StoredMail decode(QueueId id, byte[] bytes) throws IOException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte version = in.readByte();
            int flags = switch (version) {
                case VERSION, VERSION_WITHOUT_CONTENT_FILE, VERSION_WITHOUT_OPTIONS -> in.readByte();
                case VERSION_WITHOUT_FLAGS -> 0;
                default -> throw new IOException("record of " + id + " has unknown format version " + version);
            };
            MaybeSender sender = switch (in.readByte()) {
                case NULL_SENDER -> MaybeSender.nullSender();
                case ADDRESS_SENDER -> MaybeSender.of(address(id, readString(in)));
                default -> throw new IOException("record of " + id + " has a corrupt sender");
            };
            long size = in.readLong();
            Instant arrivedAt = Instant.ofEpochMilli(in.readLong());
            Instant nextAttemptAt = Instant.ofEpochMilli(in.readLong());
            int attempts = in.readInt();
            int recipientCount = in.readInt();
            List<RecipientState> recipients = new ArrayList<>(recipientCount);
            for (int i = 0; i < recipientCount; i++) {
                MailAddress recipient = address(id, readString(in));
                RecipientStatus status = status(id, in.readByte());
                recipients.add(new RecipientState(recipient, status, readString(in)));
            }
            QueuedMail mail = new QueuedMail(id, sender, recipients, size, arrivedAt, attempts, nextAttemptAt, EnvelopeOptions.NONE);
            if (version == VERSION || version == VERSION_WITHOUT_CONTENT_FILE) {
                mail = OptionsCodec.read(in, mail);
            }
            ContentInFile file = (flags & CONTENT_IN_FILE) != 0 ? new ContentInFile(in.readLong(), in.readLong()) : null;
            return new StoredMail(mail, (flags & HELD) != 0, (flags & DELAY_WARNED) != 0, file);
        }
    }

    static void writeString(DataOutputStream out, String value) throws IOException {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    static String readString(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > in.available()) {
            throw new IOException("corrupt string length " + length);
        }
        return new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }

    private static MailAddress address(QueueId id, String value) throws IOException {
        try {
            return new MailAddress(value);
        } catch (AddressException e) {
            throw new IOException("record of " + id + " holds an invalid address: " + value, e);
        }
    }

    private static byte statusCode(RecipientStatus status) {
        return switch (status) {
            case PENDING -> PENDING;
            case DELIVERED -> DELIVERED;
            case FAILED -> FAILED;
        };
    }

    private static RecipientStatus status(QueueId id, byte code) throws IOException {
        return switch (code) {
            case PENDING -> RecipientStatus.PENDING;
            case DELIVERED -> RecipientStatus.DELIVERED;
            case FAILED -> RecipientStatus.FAILED;
            default -> throw new IOException("record of " + id + " has unknown recipient status " + code);
        };
    }
}
