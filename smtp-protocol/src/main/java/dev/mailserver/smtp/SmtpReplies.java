package dev.mailserver.smtp;

import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.smtp.SMTPResponse;

import dev.mailserver.core.QueueId;

/** Replies of our own handlers, each with its RFC 3463 enhanced status code. */
final class SmtpReplies {
    static final Response COMMAND_LINE_TOO_LONG =
        new SMTPResponse("500", "5.5.2 Line too long").immutable();
    static final Response UNKNOWN_COMMAND =
        new SMTPResponse("500", "5.5.1 Command unrecognized").immutable();
    static final Response LOCAL_ERROR =
        new SMTPResponse("451", "4.3.0 Local error in processing, try again later").immutable();
    static final Response BARE_LINE_FEED =
        endSession(new SMTPResponse("500", "5.5.2 Bare LF in DATA is not allowed: lines must end with CRLF (RFC 5321 2.3.8); closing connection"));
    static final Response SPOOL_WRITE_FAILED =
        new SMTPResponse("451", "4.3.0 Could not store the message, try again later").immutable();

    private SmtpReplies() {
    }

    static Response dataLineTooLong(int maxLineLength) {
        return new SMTPResponse("500", "5.5.2 Message refused: a line was longer than " + maxLineLength + " bytes").immutable();
    }

    static Response queued(QueueId id) {
        return new SMTPResponse("250", "2.0.0 Ok: queued as " + id).immutable();
    }

    static Response queueFailed(QueueId id) {
        return new SMTPResponse("451", "4.3.0 Could not queue message " + id + ", try again later").immutable();
    }

    private static Response endSession(SMTPResponse response) {
        response.setEndSession(true);
        return response.immutable();
    }
}
