package dev.mailserver.smtp.data;

import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.protocols.smtp.MailEnvelope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.mailserver.core.Envelope;
import dev.mailserver.core.MessageContent;
import dev.mailserver.core.QueueId;
import dev.mailserver.smtp.extension.TransactionParameters;
import dev.mailserver.smtp.server.InFlightTransactions;

/**
 * One message while its DATA arrives: envelope, queue id and the content. The first
 * {@link #MEMORY_LIMIT} bytes are kept in memory; a larger message goes on into a file in the
 * {@link IncomingSpool}, so that no message sits whole in memory, while the usual small one costs the IO
 * thread no file creation, write and deletion. It belongs to the SMTP transaction until it is handed to
 * the queue; the file is deleted exactly once, by whichever of the two finishes with it.
 */
public final class SpooledMessage implements MailEnvelope, MessageContent {
    private static final Logger LOGGER = LoggerFactory.getLogger(SpooledMessage.class);
    private static final int WRITE_BUFFER_BYTES = 16 * 1024;
    /** Content up to this size stays in memory. */
    static final int MEMORY_LIMIT = 64 * 1024;

    private final QueueId id;
    private final MaybeSender sender;
    private final List<MailAddress> recipients;
    private final Path file;
    private final InFlightTransactions inFlight;
    private OutputStream out;
    private byte[] inMemory = new byte[0];
    private long size;
    private boolean writeFailed;
    private byte[] replacementHead = new byte[0];
    private long replacedLength;
    private String authenticationSummary = "";
    private boolean handedOff;
    private boolean finished;

    SpooledMessage(QueueId id, MaybeSender sender, List<MailAddress> recipients, Path file, InFlightTransactions inFlight) {
        this.id = id;
        this.sender = sender;
        this.recipients = List.copyOf(recipients);
        this.file = file;
        this.inFlight = inFlight;
        inFlight.begin();
    }

    QueueId id() {
        return id;
    }

    Envelope envelope(TransactionParameters parameters) {
        return new Envelope(sender, recipients, parameters.options(), parameters.recipientOptions());
    }

    /** Appends one line of content. A failed write is remembered and the rest of DATA is ignored. */
    void append(byte[] line, int offset, int length) {
        if (writeFailed) {
            return;
        }
        try {
            if (out == null && size + length <= MEMORY_LIMIT) {
                keepInMemory(line, offset, length);
            } else {
                if (out == null) {
                    out = new BufferedOutputStream(Files.newOutputStream(file), WRITE_BUFFER_BYTES);
                    out.write(inMemory, 0, (int) size);
                    inMemory = null;
                }
                out.write(line, offset, length);
            }
            size += length;
        } catch (IOException e) {
            writeFailed = true;
        }
    }

    private void keepInMemory(byte[] line, int offset, int length) {
        int needed = (int) size + length;
        if (needed > inMemory.length) {
            inMemory = Arrays.copyOf(inMemory, Math.min(MEMORY_LIMIT, Math.max(needed, 2 * inMemory.length)));
        }
        System.arraycopy(line, offset, inMemory, (int) size, length);
    }

    /** Closes the file, if the content needed one; returns false when any write failed, and the message must then be refused. */
    boolean completeWriting() {
        try {
            if (out != null) {
                out.close();
            }
        } catch (IOException e) {
            writeFailed = true;
        }
        return !writeFailed;
    }

    /**
     * From now on the content starts with {@code head} instead of the first {@code replacedLength} bytes
     * written (0 to put {@code head} in front), e.g. a header section with Authentication-Results or a
     * DKIM signature added.
     */
    void restamp(byte[] head, long replacedLength) {
        if (replacedLength < 0 || replacedLength > size) {
            throw new IllegalArgumentException("cannot replace " + replacedLength + " of " + size + " bytes");
        }
        this.replacementHead = head.clone();
        this.replacedLength = replacedLength;
    }

    /** What mail authentication made of the message, for its log line ("" when it did not run). */
    void authenticationSummary(String summary) {
        this.authenticationSummary = summary;
    }

    String authenticationSummary() {
        return authenticationSummary;
    }

    /** From now on the queue hand-off, not the SMTP transaction, decides when the file goes. */
    void handOff() {
        handedOff = true;
    }

    /** Called when the transaction is reset: deletes the file unless the queue hand-off still needs it. */
    public void discardUnlessHandedOff() {
        if (!handedOff) {
            finish();
        }
    }

    /**
     * Deletes the file and ends the transaction's in-flight accounting; runs once however often called.
     * A file that cannot be deleted is only logged: it is scratch, and the spool sweeps it at the next start.
     */
    void finish() {
        if (finished) {
            return;
        }
        finished = true;
        try {
            if (out != null) {
                out.close();
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            LOGGER.warn("{}: could not delete the scratch file {} ({}); it is removed at the next start", id, file, e.toString());
        } finally {
            inFlight.end();
        }
    }

    @Override
    public long size() {
        return size - replacedLength + replacementHead.length;
    }

    @Override
    public InputStream openStream() throws IOException {
        InputStream written = out == null ? new ByteArrayInputStream(inMemory, 0, (int) size) : Files.newInputStream(file);
        if (replacementHead.length == 0 && replacedLength == 0) {
            return written;
        }
        written.skipNBytes(replacedLength);
        return new SequenceInputStream(new ByteArrayInputStream(replacementHead), written);
    }

    @Override
    public long getSize() {
        return size();
    }

    @Override
    public List<MailAddress> getRecipients() {
        return recipients;
    }

    @Override
    public MaybeSender getMaybeSender() {
        return sender;
    }

    @Override
    public OutputStream getMessageOutputStream() {
        throw new UnsupportedOperationException("content is appended through the queue hand-off");
    }

    @Override
    public InputStream getMessageInputStream() throws IOException {
        return openStream();
    }
}
