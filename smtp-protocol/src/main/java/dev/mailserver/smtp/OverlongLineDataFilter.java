package dev.mailserver.smtp;

import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.LineHandler;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.core.DataLineFilter;

/**
 * Refuses at end of DATA a message in which a line was too long for the framer. The framer has
 * dropped that line, so accepting the message would store it corrupted.
 */
final class OverlongLineDataFilter implements DataLineFilter {
    private final Response refusal;

    OverlongLineDataFilter(int maxLineLength) {
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
