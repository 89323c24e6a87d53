package dev.mailserver.smtp.data;

import java.nio.charset.StandardCharsets;

import org.apache.james.protocols.api.ProtocolSession.AttachmentKey;
import org.apache.james.protocols.api.ProtocolSession.State;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.LineHandler;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.core.DataLineFilter;

import dev.mailserver.core.mime.HeaderSection;
import dev.mailserver.smtp.server.SmtpSession;

/**
 * Completes a submitted message's header (RFC 6409 8.2, 8.3): adds {@code Date:} and
 * {@code Message-ID:} when the client left them out, at the end of the header section.
 */
public final class SubmissionHeadersFilter implements DataLineFilter {
    private static final AttachmentKey<SeenHeader> HEADER = AttachmentKey.of("submissionHeader", SeenHeader.class);

    private final String hostname;

    public SubmissionHeadersFilter(String hostname) {
        this.hostname = hostname;
    }

    @Override
    public Response onLine(SMTPSession session, byte[] line, LineHandler<SMTPSession> next) {
        SeenHeader header = session.getAttachment(HEADER, State.Transaction).orElseGet(() -> {
            SeenHeader fresh = new SeenHeader();
            session.setAttachment(HEADER, fresh, State.Transaction);
            return fresh;
        });
        if (header.ended) {
            return next.onLine(session, line);
        }
        if (!isEndOfHeader(line)) {
            header.see(line);
            return next.onLine(session, line);
        }
        header.ended = true;
        HeaderSection fields = header.fields.result(new byte[0], true);
        if (!fields.has("Date")) {
            Response response = next.onLine(session, headerLine("Date: " + HeaderDate.now()));
            if (response != null) {
                return response;
            }
        }
        if (!fields.has("Message-ID")) {
            String id = ((SmtpSession) session).spooledMessage().orElseThrow().id().toString();
            Response response = next.onLine(session, headerLine("Message-ID: <" + id + "@" + hostname + ">"));
            if (response != null) {
                return response;
            }
        }
        return next.onLine(session, line);
    }

    /** The empty line before the body, or the end of DATA for a message that has no body. */
    private static boolean isEndOfHeader(byte[] line) {
        return (line.length == 2 && line[0] == '\r') || DataLines.isTerminator(line);
    }

    private static byte[] headerLine(String text) {
        return (text + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** The header section seen so far, kept up to a bound: a header larger than that is not searched past it. */
    private static final class SeenHeader {
        private final HeaderSection.Collector fields = new HeaderSection.Collector();
        private boolean ended;
        private int size;

        void see(byte[] line) {
            size += line.length;
            if (size <= HeaderSection.DEFAULT_MAX_BYTES) {
                fields.addIfField(new String(line, StandardCharsets.UTF_8).stripTrailing());
            }
        }
    }
}
