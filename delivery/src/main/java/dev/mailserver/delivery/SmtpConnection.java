package dev.mailserver.delivery;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.apache.james.core.MailAddress;

import dev.mailserver.core.DeliveryResult;
import dev.mailserver.core.Envelope;
import dev.mailserver.core.EnvelopeOptions;
import dev.mailserver.core.InternationalAddresses;
import dev.mailserver.core.RecipientOptions;
import dev.mailserver.core.Xtext;
import dev.mailserver.core.MessageContent;
import dev.mailserver.delivery.tls.TlsOutcome;
import jakarta.mail.MessagingException;

/** One open SMTP session with a server, which may carry several mail transactions. */
final class SmtpConnection {
    private final SmtpHost host;
    private final SmtpClientTransport transport;
    private final TlsOutcome tls;
    private final PeerLimits limits;
    private int transactions;
    private boolean broken;
    private long idleSinceNanos;

    SmtpConnection(SmtpHost host, SmtpClientTransport transport, TlsOutcome tls) {
        this.host = host;
        this.transport = transport;
        this.tls = tls;
        this.limits = PeerLimits.parse(transport.getExtensionParameter("LIMITS"));
    }

    /** What TLS the session got. */
    TlsOutcome tls() {
        return tls;
    }

    SmtpHost host() {
        return host;
    }

    /**
     * Sends the message to the envelope's recipients, in one transaction or, when the server limits the
     * recipients of a transaction (LIMITS RCPTMAX, RFC 9422), in as many as it takes; a result for every
     * recipient. Recipients beyond the server's transactions per session (MAILMAX) are tried again later.
     *
     * @throws SmtpClientTransport.ClosedBeforeReply when the server had closed the connection before it answered
     *     the first command: nothing was sent, and the connection is closed
     */
    List<RecipientOutcome> send(Envelope envelope, MessageContent content) throws SmtpClientTransport.ClosedBeforeReply {
        List<MailAddress> recipients = envelope.recipients();
        long sizeLimit = sizeLimit();
        if (sizeLimit > 0 && content.size() > sizeLimit) {
            return everyone(recipients, DeliveryResult.permanentFailure("5.3.4",
                "message size " + content.size() + " exceeds the limit of " + sizeLimit + " of host " + host));
        }
        if (needsSmtpUtf8(envelope) && !transport.supportsExtension("SMTPUTF8")) {
            return everyone(recipients, DeliveryResult.permanentFailure("5.6.7", "the message needs SMTPUTF8 (UTF-8 addresses or headers),"
                + " which host " + host + " does not offer (RFC 6531: not downgraded)"));
        }
        int batchSize = limits.rcptMax() > 0 ? limits.rcptMax() : recipients.size();
        List<RecipientOutcome> outcomes = new ArrayList<>();
        for (int start = 0; start < recipients.size(); start += batchSize) {
            List<MailAddress> batch = recipients.subList(start, Math.min(start + batchSize, recipients.size()));
            if (broken) {
                outcomes.addAll(everyone(batch, DeliveryResult.temporaryFailure("4.4.2", "lost connection with " + host)));
            } else if (limits.mailMax() > 0 && transactions >= limits.mailMax()) {
                outcomes.addAll(everyone(batch, DeliveryResult.temporaryFailure("4.5.3",
                    "not sent: " + host + " takes " + limits.mailMax() + " transaction(s) per session (LIMITS MAILMAX)")));
            } else {
                outcomes.addAll(transaction(envelope, batch, content, start == 0));
            }
        }
        return outcomes;
    }

    /** @param first whether it is the first transaction of this message, which may go elsewhere if the server is gone */
    private List<RecipientOutcome> transaction(Envelope envelope, List<MailAddress> recipients, MessageContent content, boolean first)
        throws SmtpClientTransport.ClosedBeforeReply {
        transactions++;
        SmtpClientTransport.Replies replies;
        try {
            replies = transport.transaction(mailFrom(envelope, content), recipients.stream().map(r -> rcptTo(envelope, r)).toList(), content);
        } catch (SmtpClientTransport.ClosedBeforeReply e) {
            broken = true;
            close();
            if (first) {
                throw e;
            }
            return everyone(recipients, lostConnection(e));
        } catch (MessagingException | IOException e) {
            broken = true;
            close();
            return everyone(recipients, lostConnection(e));
        }
        if (!replies.mailFrom().isPositive()) {
            return everyone(recipients, replies.mailFrom().toResult(host, "MAIL FROM"));
        }
        List<RecipientOutcome> outcomes = new ArrayList<>();
        for (int i = 0; i < recipients.size(); i++) {
            SmtpReply rcpt = replies.rcptTo().get(i);
            DeliveryResult result = rcpt.isPositive() ? replies.data().toResult(host, "end of DATA", offersDsn()) : rcpt.toResult(host, "RCPT TO");
            outcomes.add(new RecipientOutcome(recipients.get(i), result, host.toString(), tls));
        }
        return outcomes;
    }

    private String mailFrom(Envelope envelope, MessageContent content) {
        StringBuilder command = new StringBuilder("MAIL FROM:<")
            .append(envelope.sender().asOptional().map(InternationalAddresses::toExternal).orElse("")).append('>');
        if (needsSmtpUtf8(envelope)) {
            command.append(" SMTPUTF8");
        }
        if (envelope.options().requireTls()) {
            command.append(" REQUIRETLS");
        }
        if (transport.supportsExtension("SIZE")) {
            command.append(" SIZE=").append(content.size());
        }
        // Declaring 8BITMIME is right for 7-bit content too; without it, 8-bit content is sent as it is, as most servers accept it.
        if (transport.supportsExtension("8BITMIME")) {
            command.append(" BODY=8BITMIME");
        }
        if (offersDsn()) {
            EnvelopeOptions options = envelope.options();
            options.ret().ifPresent(ret -> command.append(" RET=").append(ret.name()));
            options.envelopeId().ifPresent(id -> command.append(" ENVID=").append(Xtext.encode(id)));
        }
        return command.toString();
    }

    /** RCPT TO, with the recipient's DSN parameters when the server takes them (RFC 3461 section 6.2.1). */
    private String rcptTo(Envelope envelope, MailAddress recipient) {
        StringBuilder command = new StringBuilder("RCPT TO:<").append(InternationalAddresses.toExternal(recipient)).append('>');
        if (offersDsn()) {
            RecipientOptions options = envelope.optionsOf(recipient);
            if (options.notifyOn().given()) {
                command.append(" NOTIFY=").append(options.notifyOn().toParameter());
            }
            options.originalRecipient().ifPresent(original ->
                command.append(" ORCPT=").append(original.addressType()).append(';').append(Xtext.encode(original.address())));
        }
        return command.toString();
    }

    /** Whether the client asked for SMTPUTF8 or an address has a UTF-8 local part (domains go as A-labels). */
    private static boolean needsSmtpUtf8(Envelope envelope) {
        return envelope.options().smtpUtf8()
            || envelope.sender().asOptional().filter(InternationalAddresses::needsSmtpUtf8).isPresent()
            || envelope.recipients().stream().anyMatch(InternationalAddresses::needsSmtpUtf8);
    }

    /** Whether the server offers REQUIRETLS (RFC 8689), which it may only do over TLS. */
    boolean offersRequireTls() {
        return transport.supportsExtension("REQUIRETLS");
    }

    private boolean offersDsn() {
        return transport.supportsExtension("DSN");
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

    /** The result for recipients whose transaction the connection's failure cut short. */
    DeliveryResult lostConnection(Exception e) {
        return DeliveryResult.temporaryFailure("4.4.2", "lost connection with " + host + " while sending the message: " + e.getMessage());
    }

    private List<RecipientOutcome> everyone(List<MailAddress> recipients, DeliveryResult result) {
        return recipients.stream().map(recipient -> new RecipientOutcome(recipient, result, host.toString(), tls)).toList();
    }

    /** Whether the connection may carry another transaction. */
    boolean isReusable(int maxTransactions) {
        return !broken && transactions < maxTransactions && (limits.mailMax() == 0 || transactions < limits.mailMax());
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
