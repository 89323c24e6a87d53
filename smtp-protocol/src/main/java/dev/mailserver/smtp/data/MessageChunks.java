package dev.mailserver.smtp.data;

import java.io.ByteArrayOutputStream;

import org.apache.james.protocols.api.ProtocolSession.AttachmentKey;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.LineHandler;
import org.apache.james.protocols.smtp.SMTPSession;

import dev.mailserver.smtp.server.SmtpSession;

/**
 * The message of a BDAT transaction, cut from its chunks into lines as DATA would deliver them (dot-stuffed,
 * line end kept) and passed through the DATA line filters. A line may span chunks; one longer than the
 * line limit is dropped and reported, as the framer does in DATA; a message that does not end with CRLF
 * gets one. Kept in the transaction's state between chunks.
 */
final class MessageChunks {
    static final AttachmentKey<MessageChunks> KEY = AttachmentKey.of("bdatMessage", MessageChunks.class);
    private static final byte[] TERMINATOR = {'.', '\r', '\n'};
    private static final byte[] CRLF = {'\r', '\n'};
    /** Pushed while a line is in the filters, so that a filter ending the message pops it rather than the chunk reader. */
    private static final LineHandler<SMTPSession> IN_FILTERS = (session, line) -> null;

    private final LineHandler<SMTPSession> filters;
    private final int maxLineLength;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private boolean droppingLongLine;
    private Response failure;

    MessageChunks(LineHandler<SMTPSession> filters, int maxLineLength) {
        this.filters = filters;
        this.maxLineLength = maxLineLength;
    }

    /** Adds octets of a chunk; returns the filters' refusal when one ended the message, else null. */
    Response append(SMTPSession session, byte[] octets) {
        int start = 0;
        for (int i = 0; i < octets.length && failure == null; i++) {
            if (octets[i] == '\n') {
                addToLine(session, octets, start, i + 1 - start);
                endLine(session);
                start = i + 1;
            }
        }
        if (failure == null) {
            addToLine(session, octets, start, octets.length - start);
        }
        return failure;
    }

    /** Ends the message: the last line, then the end-of-data line. Null when the queue hand-off answers. */
    Response finish(SMTPSession session) {
        if (failure == null && line.size() > 0) {
            addToLine(session, CRLF, 0, CRLF.length);
            endLine(session);
        }
        if (failure == null) {
            failure = toFilters(session, TERMINATOR);
        }
        return failure;
    }

    /** The refusal that ended the message early, or null. */
    Response failure() {
        return failure;
    }

    private void addToLine(SMTPSession session, byte[] octets, int offset, int length) {
        if (droppingLongLine) {
            return;
        }
        line.write(octets, offset, length);
        if (line.size() > maxLineLength + CRLF.length) {
            line.reset();
            droppingLongLine = true;
            session.newLineTooLongResponse();
        }
    }

    private void endLine(SMTPSession session) {
        if (droppingLongLine) {
            droppingLongLine = false;
            return;
        }
        byte[] content = line.toByteArray();
        line.reset();
        if (content.length > 0 && content[0] == '.') {
            byte[] stuffed = new byte[content.length + 1];
            stuffed[0] = '.';
            System.arraycopy(content, 0, stuffed, 1, content.length);
            content = stuffed;
        }
        failure = toFilters(session, content);
    }

    private Response toFilters(SMTPSession session, byte[] content) {
        SmtpSession smtpSession = (SmtpSession) session;
        int depth = smtpSession.pushedLineHandlers();
        session.pushLineHandler(IN_FILTERS);
        Response response = filters.onLine(session, content);
        if (smtpSession.pushedLineHandlers() > depth) {
            session.popLineHandler();
        }
        return response;
    }
}
