package dev.mailserver.smtp.data;

import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.LineHandler;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.core.DataLineFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.mailserver.smtp.chain.SmtpReplies;

/**
 * Refuses DATA lines that do not end in CRLF. The framer also splits lines at a bare LF, so without
 * this check {@code <LF>.<CR><LF>} would end DATA early and let a client smuggle a second message
 * past another server's view of the first (SMTP smuggling, CVE-2023-51747).
 */
public final class CrlfOnlyDataFilter implements DataLineFilter {
    private static final Logger LOGGER = LoggerFactory.getLogger(CrlfOnlyDataFilter.class);

    @Override
    public Response onLine(SMTPSession session, byte[] line, LineHandler<SMTPSession> next) {
        if (DataLines.endsWithCrlf(line)) {
            return next.onLine(session, line);
        }
        LOGGER.warn("Refused DATA with a bare LF line from [{}]; closing the connection",
            session.getRemoteAddress().getAddress().getHostAddress());
        session.popLineHandler();
        session.resetState();
        return SmtpReplies.BARE_LINE_FEED;
    }
}
