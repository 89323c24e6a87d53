package dev.mailserver.smtp.chain;

import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.smtp.SMTPResponse;

import dev.mailserver.core.QueueId;

/** Replies of our own handlers, each with its RFC 3463 enhanced status code. */
public final class SmtpReplies {
    public static final Response COMMAND_LINE_TOO_LONG =
        new SMTPResponse("500", "5.5.2 Line too long").immutable();
    public static final Response UNKNOWN_COMMAND =
        new SMTPResponse("500", "5.5.1 Command unrecognized").immutable();
    public static final Response LOCAL_ERROR =
        new SMTPResponse("451", "4.3.0 Local error in processing, try again later").immutable();
    public static final Response BARE_LINE_FEED =
        endSession(new SMTPResponse("500", "5.5.2 Bare LF in DATA is not allowed: lines must end with CRLF (RFC 5321 2.3.8); closing connection"));
    public static final Response BDAT_SYNTAX =
        new SMTPResponse("501", "5.5.4 Syntax: BDAT <chunk-size> [LAST]").immutable();
    public static final Response BDAT_NEEDS_MAIL =
        new SMTPResponse("503", "5.5.1 Need MAIL before BDAT").immutable();
    public static final Response BDAT_NEEDS_RCPT =
        new SMTPResponse("554", "5.5.1 No valid recipients").immutable();
    public static final Response DATA_AFTER_BDAT =
        new SMTPResponse("503", "5.5.1 DATA is not allowed in a BDAT transaction").immutable();
    public static final Response AUTH_NEEDS_EHLO =
        new SMTPResponse("503", "5.5.1 Send EHLO first").immutable();
    public static final Response TLS_REQUIRED =
        new SMTPResponse("530", "5.7.0 Must issue a STARTTLS command first").immutable();
    public static final Response ALREADY_AUTHENTICATED =
        new SMTPResponse("503", "5.5.1 Already authenticated").immutable();
    public static final Response AUTH_IN_TRANSACTION =
        new SMTPResponse("503", "5.5.1 AUTH is not allowed during a mail transaction").immutable();
    public static final Response UNKNOWN_AUTH_MECHANISM =
        new SMTPResponse("504", "5.5.4 Unrecognized authentication mechanism; PLAIN and LOGIN are offered").immutable();
    public static final Response AUTH_CANNOT_DECODE =
        new SMTPResponse("501", "5.5.2 Cannot decode the AUTH response").immutable();
    public static final Response AUTH_CANCELLED =
        new SMTPResponse("501", "5.7.0 Authentication cancelled").immutable();
    public static final Response AUTH_TEMPORARILY_UNAVAILABLE =
        new SMTPResponse("454", "4.7.0 Temporary authentication failure, try again later").immutable();
    public static final Response AUTHENTICATED =
        new SMTPResponse("235", "2.7.0 Authentication successful").immutable();
    public static final Response AUTH_FAILED =
        new SMTPResponse("535", "5.7.8 Authentication credentials invalid").immutable();
    public static final Response TOO_MANY_AUTH_FAILURES =
        endSession(new SMTPResponse("421", "4.7.0 Too many failed authentication attempts, closing connection"));
    public static final Response CLIENT_BLOCKED =
        endSession(new SMTPResponse("421", "4.7.0 Too many failed authentication attempts from your address, try again later"));
    static final Response MESSAGE_TOO_BIG =
        new SMTPResponse("552", "5.3.4 Message size exceeds fixed maximum message size").immutable();
    public static final Response TOO_MANY_ERRORS =
        endSession(new SMTPResponse("421", "4.7.0 Too many errors in this session, closing connection"));
    public static final Response TOO_MANY_COMMANDS =
        endSession(new SMTPResponse("421", "4.7.0 Too many commands in this session, closing connection"));
    public static final Response SPOOL_WRITE_FAILED =
        new SMTPResponse("452", "4.3.1 Insufficient system storage: could not store the message, try again later").immutable();

    /** The mail authentication checks (SPF, DKIM, DMARC) could not run at all. */
    public static final Response AUTHENTICATION_CHECK_FAILED =
        new SMTPResponse("451", "4.3.0 Temporary failure while checking the message, try again later").immutable();

    private SmtpReplies() {
    }

    public static Response dataLineTooLong(int maxLineLength) {
        return new SMTPResponse("500", "5.5.2 Message refused: a line was longer than " + maxLineLength + " bytes").immutable();
    }

    public static Response authChallenge(String base64Challenge) {
        return new SMTPResponse("334", base64Challenge).immutable();
    }

    public static Response queued(QueueId id) {
        return new SMTPResponse("250", "2.0.0 Ok: queued as " + id).immutable();
    }

    /** @param storageFull whether the spool is out of space or cannot write (RFC 3463 4.3.1), rather than failing otherwise */
    public static Response queueFailed(QueueId id, boolean storageFull) {
        return storageFull
            ? new SMTPResponse("452", "4.3.1 Insufficient system storage: could not queue message " + id + ", try again later").immutable()
            : new SMTPResponse("451", "4.3.0 Could not queue message " + id + ", try again later").immutable();
    }

    private static Response endSession(SMTPResponse response) {
        response.setEndSession(true);
        return response.immutable();
    }
}
