package dev.mailserver.delivery;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.james.core.Domain;
import org.apache.james.core.MailAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.mailserver.core.DeliveryResult;
import dev.mailserver.core.MessageContent;
import dev.mailserver.core.directory.RecipientDirectory;
import dev.mailserver.core.mailbox.MailboxStore;
import dev.mailserver.core.queue.QueuedMail;
import dev.mailserver.delivery.mime.MessageHeaders;

/**
 * Sends each pending recipient where it belongs: local domains to the mailbox store (never to the
 * network), other domains over SMTP, one transaction per domain. A message with too many
 * {@code Received:} headers is looping and goes nowhere.
 */
final class RecipientRouter {
    private static final Logger LOGGER = LoggerFactory.getLogger(RecipientRouter.class);
    private static final String LOCAL_RELAY = "local";

    private final RecipientDirectory directory;
    private final MailboxStore mailboxes;
    private final RemoteDelivery remote;
    private final int maxReceivedHeaders;

    RecipientRouter(RecipientDirectory directory, MailboxStore mailboxes, RemoteDelivery remote, int maxReceivedHeaders) {
        this.directory = directory;
        this.mailboxes = mailboxes;
        this.remote = remote;
        this.maxReceivedHeaders = maxReceivedHeaders;
    }

    List<RecipientOutcome> deliver(QueuedMail mail, MessageContent content) {
        List<MailAddress> pending = mail.pendingRecipients();
        int hops = receivedHeaders(content);
        if (hops > maxReceivedHeaders) {
            DeliveryResult loop = DeliveryResult.permanentFailure("5.4.6",
                "mail loop: too many hops (" + hops + " Received: headers, at most " + maxReceivedHeaders + ")");
            return pending.stream().map(recipient -> new RecipientOutcome(recipient, loop, RecipientOutcome.NO_RELAY)).toList();
        }
        List<RecipientOutcome> outcomes = new ArrayList<>();
        Map<Domain, List<MailAddress>> remoteByDomain = new LinkedHashMap<>();
        for (MailAddress recipient : pending) {
            if (directory.isLocalDomain(recipient.getDomain())) {
                outcomes.add(new RecipientOutcome(recipient, deliverLocally(recipient, content), LOCAL_RELAY));
            } else {
                remoteByDomain.computeIfAbsent(recipient.getDomain(), domain -> new ArrayList<>()).add(recipient);
            }
        }
        remoteByDomain.forEach((domain, recipients) -> outcomes.addAll(remote.deliver(mail.sender(), domain, recipients, content)));
        return outcomes;
    }

    private int receivedHeaders(MessageContent content) {
        try {
            return MessageHeaders.count(content, "Received");
        } catch (IOException e) {
            LOGGER.warn("Could not read the headers to count hops", e);
            return 0;
        }
    }

    private DeliveryResult deliverLocally(MailAddress recipient, MessageContent content) {
        try {
            return mailboxes.deliver(recipient, content);
        } catch (IOException e) {
            // A full or failing mailbox disk: one line per deferral is enough.
            LOGGER.warn("Mailbox delivery to <{}> failed: {}", recipient.asString(), e.toString());
            return DeliveryResult.temporaryFailure("4.3.0", "mailbox store error: " + e.getMessage());
        } catch (RuntimeException e) {
            LOGGER.warn("Mailbox delivery to <{}> failed", recipient.asString(), e);
            return DeliveryResult.temporaryFailure("4.3.0", "mailbox store error: " + e.getMessage());
        }
    }
}
