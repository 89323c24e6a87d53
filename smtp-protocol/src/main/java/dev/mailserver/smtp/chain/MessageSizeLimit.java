package dev.mailserver.smtp.chain;

import java.util.List;
import java.util.regex.Pattern;

import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.LineHandler;
import org.apache.james.protocols.smtp.SMTPRetCode;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.apache.james.protocols.smtp.core.esmtp.MailSizeEsmtpExtension;

/**
 * SIZE (RFC 1870) as the library does it, advertised and checked against MAIL's SIZE= and the bytes
 * received, but refusing an over-size DATA with {@code 552 5.3.4} instead of the library's bare
 * "552 Quota exceeded", a SIZE= beyond the limit with {@code 552 5.3.4} however many digits it has (the
 * library calls a number past 2^31 a syntax error), and a SIZE= that is no number with {@code 501 5.5.4}
 * without the library's error log line.
 */
final class MessageSizeLimit extends MailSizeEsmtpExtension {
    private static final Logger LOGGER = LoggerFactory.getLogger(MessageSizeLimit.class);
    private static final String LIBRARY_QUOTA_TEXT = "Quota exceeded";

    private static final Pattern DIGITS = Pattern.compile("\\d{1,100}");
    /** More digits than this is past any limit a long can hold. */
    private static final int MAX_DIGITS = 18;

    @Override
    public HookResult doMailParameter(SMTPSession session, String paramName, String paramValue) {
        if (!DIGITS.matcher(paramValue).matches()) {
            return HookResults.deny("501", "5.5.4 SIZE must be a number of bytes");
        }
        long limit = session.getConfiguration().getMaxMessageSize();
        if (limit > 0 && (paramValue.length() > MAX_DIGITS || Long.parseLong(paramValue) > limit)) {
            LOGGER.info("Refused MAIL from [{}]: SIZE={} is more than the limit of {} bytes", session.getRemoteAddress().getAddress().getHostAddress(),
                paramValue.length() > MAX_DIGITS ? paramValue.substring(0, MAX_DIGITS) + "..." : paramValue, limit);
            return HookResults.deny("552", "5.3.4 Message size exceeds fixed maximum message size");
        }
        return super.doMailParameter(session, paramName, paramLimitSafe(paramValue));
    }

    /** The library reads SIZE= as an int; a larger number within the limit (no limit) is passed as the largest int. */
    private static String paramLimitSafe(String digits) {
        return digits.length() > MAX_DIGITS || Long.parseLong(digits) > Integer.MAX_VALUE ? String.valueOf(Integer.MAX_VALUE) : digits;
    }

    /**
     * A line that keeps the message within the limit is counted here, as the library counts it, without the
     * library's session look-ups and allocations for every line; the end of DATA and the line that goes past
     * the limit (and every line after it) go through the library, which refuses the message.
     */
    @Override
    public Response onLine(SMTPSession session, byte[] line, LineHandler<SMTPSession> next) {
        if (!mayEndData(line)) {
            long size = session.currentMessageSize() + line.length;
            long limit = session.getConfiguration().getMaxMessageSize();
            if (limit <= 0 || size <= limit) {
                session.setCurrentMessageSize(size);
                return next.onLine(session, line);
            }
        }
        Response response = super.onLine(session, line, next);
        if (!isLibrarysQuotaReply(response)) {
            return response;
        }
        LOGGER.info("Refused a message from <{}> by [{}]: more than the limit of {} bytes",
            session.getAttachment(SMTPSession.SENDER, ProtocolSession.State.Transaction).map(sender -> sender.asString("")).orElse(""),
            session.getRemoteAddress().getAddress().getHostAddress(), session.getConfiguration().getMaxMessageSize());
        return SmtpReplies.MESSAGE_TOO_BIG;
    }

    /** What the library takes for the end of DATA: a dot and a line ending. */
    private static boolean mayEndData(byte[] line) {
        return line.length == 3 && line[0] == '.';
    }

    /** The library's own over-size reply; a 552 from a later filter or hook keeps its text. */
    private static boolean isLibrarysQuotaReply(Response response) {
        return response != null && SMTPRetCode.QUOTA_EXCEEDED.equals(response.getRetCode())
            && response.getLines().equals(List.of(SMTPRetCode.QUOTA_EXCEEDED + " " + LIBRARY_QUOTA_TEXT));
    }
}
