package dev.mailserver.smtp.data;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.protocols.smtp.MailEnvelope;

import dev.mailserver.core.Envelope;
import dev.mailserver.core.FileBackedContent;
import dev.mailserver.core.MessageContent;
import dev.mailserver.core.QueueId;
import dev.mailserver.smtp.extension.TransactionParameters;
import dev.mailserver.smtp.server.InFlightTransactions;
import dev.mailserver.smtp.server.SessionFlow;

/**
 * One message while its DATA arrives: envelope, queue id and the content. The first
 * {@link #MEMORY_LIMIT} bytes are kept in memory; a larger message goes on into a file in the
 * {@link IncomingSpool}, so that no message sits whole in memory, while the usual small one costs no file
 * at all. The IO thread gathers the lines of a large one into chunks and hands them to its
 * {@link IncomingFile}, whose writer thread does the file I/O. It belongs to the SMTP transaction until it
 * is handed to the queue; the file is deleted exactly once, by whichever of the two finishes with it.
 */
public final class SpooledMessage implements MailEnvelope, MessageContent {
    /** Content up to this size stays in memory. */
    static final int MEMORY_LIMIT = 64 * 1024;
    /** Lines of a larger message are handed to the writer in chunks of this size. */
    static final int CHUNK_BYTES = 64 * 1024;

    private final QueueId id;
    private final MaybeSender sender;
    private final List<MailAddress> recipients;
    private final IncomingSpool spool;
    private final InFlightTransactions inFlight;
    private IncomingFile file;
    /** The whole content while it fits in memory; then the chunk being gathered for the writer. */
    private byte[] inMemory = new byte[0];
    private int buffered;
    private long size;
    private byte[] replacementHead = new byte[0];
    private long replacedLength;
    private String authenticationSummary = "";
    private boolean traceFieldClaimed;
    private boolean handedOff;
    private boolean finished;

    SpooledMessage(QueueId id, MaybeSender sender, List<MailAddress> recipients, IncomingSpool spool, InFlightTransactions inFlight) {
        this.id = id;
        this.sender = sender;
        this.recipients = List.copyOf(recipients);
        this.spool = spool;
        this.inFlight = inFlight;
        inFlight.begin();
    }

    QueueId id() {
        return id;
    }

    Envelope envelope(TransactionParameters parameters) {
        return new Envelope(sender, recipients, parameters.options(), parameters.recipientOptions());
    }

    /**
     * Appends one line of content, on the session's IO thread; {@code flow} is held while the writer lags
     * too far behind. After a failed write the rest of DATA is ignored.
     */
    void append(SessionFlow flow, byte[] line, int offset, int length) {
        if (file == null && size + length <= MEMORY_LIMIT) {
            keepInMemory(line, offset, length);
        } else {
            if (file == null) {
                file = spool.newFile(id, flow);
                file.write(inMemory, buffered);
                startChunk();
            }
            if (file.failed()) {
                return;
            }
            toChunk(line, offset, length);
        }
        size += length;
    }

    private void keepInMemory(byte[] line, int offset, int length) {
        int needed = buffered + length;
        if (needed > inMemory.length) {
            inMemory = Arrays.copyOf(inMemory, Math.min(MEMORY_LIMIT, Math.max(needed, 2 * inMemory.length)));
        }
        System.arraycopy(line, offset, inMemory, buffered, length);
        buffered = needed;
    }

    private void toChunk(byte[] line, int offset, int length) {
        if (buffered + length > inMemory.length) {
            file.write(inMemory, buffered);
            startChunk();
        }
        if (length > inMemory.length) {
            file.write(Arrays.copyOfRange(line, offset, offset + length), length);
        } else {
            System.arraycopy(line, offset, inMemory, buffered, length);
            buffered += length;
        }
    }

    private void startChunk() {
        inMemory = new byte[CHUNK_BYTES];
        buffered = 0;
    }

    /**
     * Hands the writer the last chunk and closes the file, if the content needed one. Completes (on a
     * writer thread) once the content is on file, exceptionally when any write failed: the message must then
     * be refused. For content in memory it is complete at once.
     */
    CompletableFuture<Void> completeWriting() {
        if (file == null) {
            return CompletableFuture.completedFuture(null);
        }
        if (buffered > 0) {
            file.write(inMemory, buffered);
        }
        inMemory = null;
        buffered = 0;
        return file.close();
    }

    /**
     * The content for the queue: the message itself while it is in memory; once it is in a file, a view
     * that offers the queue that file to take over, once {@link #completeWriting()} has completed.
     */
    MessageContent queuedContent() {
        return file == null ? this : new InFile();
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

    /** True once per message: for the filter that puts its Received field in front of the first line (kept here, not in a session attachment looked up for every line). */
    boolean claimTraceField() {
        boolean first = !traceFieldClaimed;
        traceFieldClaimed = true;
        return first;
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
     * Has the file deleted (by its writer thread, after what was queued before) and ends the transaction's
     * in-flight accounting; runs once however often called.
     */
    void finish() {
        if (finished) {
            return;
        }
        finished = true;
        if (file != null) {
            file.delete(id.toString());
        }
        inFlight.end();
    }

    /** Whether the message is done with: handed off and answered, or discarded with its transaction. */
    boolean isFinished() {
        return finished;
    }

    @Override
    public long size() {
        return size - replacedLength + replacementHead.length;
    }

    @Override
    public InputStream openStream() throws IOException {
        InputStream written = file == null ? new ByteArrayInputStream(inMemory, 0, buffered) : Files.newInputStream(file.path());
        if (replacementHead.length == 0 && replacedLength == 0) {
            return written;
        }
        written.skipNBytes(replacedLength);
        return new SequenceInputStream(new ByteArrayInputStream(replacementHead), written);
    }

    /** The content as the head replacing the first bytes of a file. */
    private final class InFile implements FileBackedContent {
        @Override
        public Path file() {
            return file.path();
        }

        @Override
        public byte[] head() {
            return replacementHead.clone();
        }

        @Override
        public long skippedBytes() {
            return replacedLength;
        }

        @Override
        public long size() {
            return SpooledMessage.this.size();
        }

        @Override
        public InputStream openStream() throws IOException {
            return SpooledMessage.this.openStream();
        }
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
