package dev.mailserver.delivery;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;

import dev.mailserver.core.DeliveryResult;
import dev.mailserver.core.MessageContent;
import dev.mailserver.delivery.tls.TlsOutcome;
import jakarta.mail.MessagingException;

/** One open SMTP session with a server, which may carry several mail transactions. */
final class SmtpConnection {
    private final SmtpHost host;
    private final SmtpClientTransport transport;
    private final TlsOutcome tls;
    private int transactions;
    private boolean broken;
    private long idleSinceNanos;

    SmtpConnection(SmtpHost host, SmtpClientTransport transport, TlsOutcome tls) {
        this.host = host;
        this.transport = transport;
        this.tls = tls;
    }

    /** What TLS the session got. */
    TlsOutcome tls() {
        return tls;
    }

    SmtpHost host() {
        return host;
    }

    /** Sends the message to the recipients in one transaction; a result for every recipient. */
    List<RecipientOutcome> send(MaybeSender sender, List<MailAddress> recipients, MessageContent content) {
        long sizeLimit = sizeLimit();
        if (sizeLimit > 0 && content.size() > sizeLimit) {
            return everyone(recipients, DeliveryResult.permanentFailure("5.3.4",
                "message size " + content.size() + " exceeds the limit of " + sizeLimit + " of host " + host));
        }
        transactions++;
        SmtpClientTransport.Replies replies;
        try {
            replies = transport.transaction(mailFrom(sender, content), recipients.stream().map(r -> "RCPT TO:<" + r.asString() + ">").toList(), content);
        } catch (MessagingException | IOException e) {
            broken = true;
            close();
            return everyone(recipients, DeliveryResult.temporaryFailure("4.4.2", "lost connection with " + host + " while sending the message: "
                + e.getMessage()));
        }
        if (!replies.mailFrom().isPositive()) {
            return everyone(recipients, replies.mailFrom().toResult(host, "MAIL FROM"));
        }
        List<RecipientOutcome> outcomes = new ArrayList<>();
        for (int i = 0; i < recipients.size(); i++) {
            SmtpReply rcpt = replies.rcptTo().get(i);
            DeliveryResult result = rcpt.isPositive() ? replies.data().toResult(host, "end of DATA") : rcpt.toResult(host, "RCPT TO");
            outcomes.add(new RecipientOutcome(recipients.get(i), result, host.toString(), tls));
        }
        return outcomes;
    }

    private String mailFrom(MaybeSender sender, MessageContent content) {
        StringBuilder command = new StringBuilder("MAIL FROM:<").append(sender.asString("")).append('>');
        if (transport.supportsExtension("SIZE")) {
            command.append(" SIZE=").append(content.size());
        }
        // Declaring 8BITMIME is right for 7-bit content too; without it, 8-bit content is sent as it is, as most servers accept it.
        if (transport.supportsExtension("8BITMIME")) {
            command.append(" BODY=8BITMIME");
        }
        return command.toString();
    }

    /** The largest message the server takes (SIZE, RFC 1870); 0 when it names no limit. */
    private long sizeLimit() {
        String parameter = transport.getExtensionParameter("SIZE");
        try {
            return parameter == null || parameter.isBlank() ? 0 : Long.parseLong(parameter.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private List<RecipientOutcome> everyone(List<MailAddress> recipients, DeliveryResult result) {
        return recipients.stream().map(recipient -> new RecipientOutcome(recipient, result, host.toString(), tls)).toList();
    }

    /** Whether the connection may carry another transaction. */
    boolean isReusable(int maxTransactions) {
        return !broken && transactions < maxTransactions;
    }

    /** Makes a cached connection ready for a new transaction; false when the server is gone. */
    boolean reset() {
        try {
            return transport.simpleCommand("RSET") == 250;
        } catch (MessagingException e) {
            return false;
        }
    }

    void markIdle(long nanos) {
        idleSinceNanos = nanos;
    }

    long idleSinceNanos() {
        return idleSinceNanos;
    }

    /** Says QUIT and closes, ignoring a server that is already gone. */
    void close() {
        try {
            transport.close();
        } catch (MessagingException e) {
            // Nothing more to do with a connection that is closed either way.
        }
    }
}
