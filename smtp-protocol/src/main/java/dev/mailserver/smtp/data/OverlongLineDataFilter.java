package dev.mailserver.smtp.data;

import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.LineHandler;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.core.DataLineFilter;

import dev.mailserver.smtp.chain.SmtpReplies;
import dev.mailserver.smtp.server.SmtpSession;

/**
 * Refuses at end of DATA a message in which a line was too long for the framer. The framer has
 * dropped that line, so accepting the message would store it corrupted.
 */
public final class OverlongLineDataFilter implements DataLineFilter {
    private final Response refusal;

    public OverlongLineDataFilter(int maxLineLength) {
        this.refusal = SmtpReplies.dataLineTooLong(maxLineLength);
    }

    @Override
    public Response onLine(SMTPSession session, byte[] line, LineHandler<SMTPSession> next) {
        if (DataLines.isTerminator(line) && ((SmtpSession) session).hadOverlongDataLine()) {
            session.popLineHandler();
            session.resetState();
            return refusal;
        }
        return next.onLine(session, line);
    }
}
