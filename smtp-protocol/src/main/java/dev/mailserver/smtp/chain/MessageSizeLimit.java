package dev.mailserver.smtp.chain;

import java.util.List;

import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.LineHandler;
import org.apache.james.protocols.smtp.SMTPRetCode;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.core.esmtp.MailSizeEsmtpExtension;

/**
 * SIZE (RFC 1870) as the library does it, advertised and checked against MAIL's SIZE= and the bytes
 * received, but refusing an over-size DATA with {@code 552 5.3.4} instead of the library's bare
 * "552 Quota exceeded".
 */
final class MessageSizeLimit extends MailSizeEsmtpExtension {
    private static final String LIBRARY_QUOTA_TEXT = "Quota exceeded";

    @Override
    public Response onLine(SMTPSession session, byte[] line, LineHandler<SMTPSession> next) {
        Response response = super.onLine(session, line, next);
        return isLibrarysQuotaReply(response) ? SmtpReplies.MESSAGE_TOO_BIG : response;
    }

    /** The library's own over-size reply; a 552 from a later filter or hook keeps its text. */
    private static boolean isLibrarysQuotaReply(Response response) {
        return response != null && SMTPRetCode.QUOTA_EXCEEDED.equals(response.getRetCode())
            && response.getLines().equals(List.of(SMTPRetCode.QUOTA_EXCEEDED + " " + LIBRARY_QUOTA_TEXT));
    }
}
