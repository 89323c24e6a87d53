package dev.mailserver.smtp.data;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import org.apache.james.core.MailAddress;
import org.apache.james.protocols.api.ProtocolSession.State;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.LineHandler;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.core.DataLineFilter;

import dev.mailserver.smtp.server.SmtpSession;

/**
 * Puts our {@code Received:} trace header (RFC 5321 4.4) in front of the message. Unlike the
 * library's, it does no reverse-DNS lookup on the IO thread, names the queue id, and says
 * ESMTPS/ESMTPA (RFC 3848) when TLS or AUTH was used.
 */
public final class ReceivedHeaderFilter implements DataLineFilter {
    private static final int MAX_HELO_LENGTH = 255;

    private final String hostname;

    public ReceivedHeaderFilter(String hostname) {
        this.hostname = hostname;
    }

    @Override
    public Response onLine(SMTPSession session, byte[] line, LineHandler<SMTPSession> next) {
        Optional<SpooledMessage> message = ((SmtpSession) session).spooledMessage();
        if (message.isPresent() && message.get().claimTraceField()) {
            for (String headerLine : headerLines((SmtpSession) session, message.get())) {
                Response response = next.onLine(session, (headerLine + "\r\n").getBytes(StandardCharsets.US_ASCII));
                if (response != null) {
                    return response;
                }
            }
        }
        return next.onLine(session, line);
    }

    private List<String> headerLines(SmtpSession session, SpooledMessage message) {
        String helo = session.getAttachment(SMTPSession.CURRENT_HELO_NAME, State.Connection).map(name -> ClientText.printable(name, MAX_HELO_LENGTH)).orElse("unknown");
        String from = "Received: from " + helo + " (" + session.clientName().map(name -> name + " ").orElse("")
            + "[" + session.getRemoteAddress().getAddress().getHostAddress() + "])";
        String by = "\tby " + hostname + " with " + protocol(session) + tlsComment(session) + " id " + message.id();
        List<MailAddress> recipients = message.getRecipients();
        String date = HeaderDate.now();
        if (recipients.size() == 1) {
            // Naming the recipient only when there is one keeps recipient lists out of bulk mail.
            return List.of(from, by, "\tfor <" + recipients.get(0).asString() + ">; " + date);
        }
        return List.of(from, by + ";", "\t" + date);
    }

    private static String protocol(SmtpSession session) {
        boolean extended = "EHLO".equals(session.getAttachment(SMTPSession.CURRENT_HELO_MODE, State.Connection).orElse(""));
        if (!extended) {
            return "SMTP";
        }
        return "ESMTP" + (session.isTLSStarted() ? "S" : "") + (session.getUsername() != null ? "A" : "");
    }

    private static String tlsComment(SmtpSession session) {
        return session.getSSLSession()
            .map(tls -> " (" + tls.getProtocol() + " with cipher " + tls.getCipherSuite() + ")")
            .orElse("");
    }
}
