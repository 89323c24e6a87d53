package dev.mailserver.delivery;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPTransport;

import dev.mailserver.core.MessageContent;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.URLName;

/**
 * Angus Mail's SMTP client (connection, EHLO, STARTTLS, AUTH, timeouts, dot-stuffing) with our own mail
 * transaction: the envelope pipelined when the server offers PIPELINING (RFC 2920), a reply kept for
 * every recipient, and the stored message bytes sent as they are.
 */
final class SmtpClientTransport extends SMTPTransport {

    SmtpClientTransport(Session session) {
        super(session, new URLName("smtp", null, -1, null, null, null));
    }

    /**
     * The replies of one transaction. When MAIL FROM was refused, its reply stands for every recipient and
     * the recipients' replies may be missing; {@code data} is null when no recipient was accepted.
     */
    record Replies(SmtpReply mailFrom, List<SmtpReply> rcptTo, SmtpReply data) {
    }

    /**
     * Runs MAIL FROM, one RCPT TO per recipient and, when a recipient was accepted, DATA with the content.
     * The server is left ready for the next transaction.
     *
     * @param mailFrom the MAIL FROM command
     * @throws MessagingException when the connection fails; it is then no longer usable
     */
    synchronized Replies transaction(String mailFrom, List<String> rcptTo, MessageContent content)
        throws MessagingException, IOException {
        List<String> envelope = new ArrayList<>();
        envelope.add(mailFrom);
        envelope.addAll(rcptTo);
        List<SmtpReply> replies = supportsExtension("PIPELINING") ? pipelined(envelope) : oneByOne(envelope);
        SmtpReply mail = replies.get(0);
        List<SmtpReply> recipients = replies.subList(1, replies.size());
        if (!mail.isPositive() || recipients.stream().noneMatch(SmtpReply::isPositive)) {
            reset();
            return new Replies(mail, recipients, null);
        }
        return new Replies(mail, recipients, data(content));
    }

    private List<SmtpReply> pipelined(List<String> commands) throws MessagingException {
        for (String command : commands) {
            sendCommand(command);
        }
        List<SmtpReply> replies = new ArrayList<>();
        for (int i = 0; i < commands.size(); i++) {
            replies.add(readReply());
        }
        return replies;
    }

    /** Without pipelining, a refused MAIL FROM ends the transaction. */
    private List<SmtpReply> oneByOne(List<String> commands) throws MessagingException {
        List<SmtpReply> replies = new ArrayList<>();
        for (String command : commands) {
            sendCommand(command);
            replies.add(readReply());
            if (!replies.get(0).isPositive()) {
                break;
            }
        }
        return replies;
    }

    private SmtpReply data(MessageContent content) throws MessagingException, IOException {
        try {
            OutputStream out = data();
            try (InputStream in = content.openStream()) {
                in.transferTo(out);
            } catch (IOException | RuntimeException e) {
                dropConnection(out, e);
                throw e;
            }
            finishData();
            return lastReply();
        } catch (SMTPSendFailedException refused) {
            // Angus has sent RSET after the refusal, and kept the refusal as the last reply.
            return lastReply();
        }
    }

    /**
     * Closes the socket under the DATA stream, so that half-sent content is neither ended with the
     * terminator (the server would take a truncated message) nor followed by a QUIT (it would be content).
     */
    private static void dropConnection(OutputStream out, Exception cause) {
        try {
            out.close();
        } catch (IOException e) {
            cause.addSuppressed(e);
        }
    }

    private void reset() throws MessagingException {
        sendCommand("RSET");
        readReply();
    }

    /** The next reply; a closed connection or an unreadable reply is a failure of the connection. */
    private SmtpReply readReply() throws MessagingException {
        int code = readServerResponse();
        if (code < 200) {
            throw new MessagingException("connection lost: " + getLastServerResponse().strip());
        }
        return lastReply();
    }

    private SmtpReply lastReply() throws MessagingException {
        if (getLastReturnCode() < 200) {
            throw new MessagingException("connection lost: " + getLastServerResponse().strip());
        }
        return SmtpReply.of(getLastReturnCode(), getLastServerResponse());
    }
}
