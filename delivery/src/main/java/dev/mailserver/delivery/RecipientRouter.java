package dev.mailserver.delivery;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.james.core.Domain;
import org.apache.james.core.MailAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.mailserver.core.DeliveryResult;
import dev.mailserver.core.Envelope;
import dev.mailserver.core.RecipientOptions;
import dev.mailserver.core.MessageContent;
import dev.mailserver.core.directory.RecipientDirectory;
import dev.mailserver.core.mailbox.LocalDelivery;
import dev.mailserver.core.mime.HeaderSection;
import dev.mailserver.core.mime.QuarantineHeader;
import dev.mailserver.core.mailbox.MailboxStore;
import dev.mailserver.core.queue.QueuedMail;

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

    /** @param maybeRepeated whether an earlier attempt may have delivered without its result being recorded */
    List<RecipientOutcome> deliver(QueuedMail mail, MessageContent given, boolean maybeRepeated) {
        List<MailAddress> pending = mail.pendingRecipients();
        MessageContent content = MessageContent.keepingHeader(given);
        IOException unreadable = null;
        HeaderSection header;
        try {
            header = content.header();
        } catch (IOException e) {
            LOGGER.warn("Could not read the headers of {}: {}", mail.id(), e.toString());
            unreadable = e;
            header = HeaderSection.parse(new byte[0]);
        }
        int hops = header.count("Received");
        if (hops > maxReceivedHeaders) {
            DeliveryResult loop = DeliveryResult.permanentFailure("5.4.6",
                "mail loop: too many hops (" + hops + " Received: headers, at most " + maxReceivedHeaders + ")");
            return pending.stream().map(recipient -> new RecipientOutcome(recipient, loop, RecipientOutcome.NO_RELAY)).toList();
        }
        String folder = header.has(QuarantineHeader.NAME) ? MailboxStore.JUNK : MailboxStore.INBOX;
        List<RecipientOutcome> outcomes = new ArrayList<>();
        Map<Domain, List<MailAddress>> remoteByDomain = new LinkedHashMap<>();
        Map<MailAddress, RecipientOptions> options = new HashMap<>();
        mail.recipients().forEach(state -> options.put(state.recipient(), state.options()));
        for (MailAddress recipient : pending) {
            if (isLocal(recipient)) {
                LocalDelivery delivery = new LocalDelivery(mail.id(), mail.sender(), recipient, mail.arrivedAt(), maybeRepeated);
                outcomes.add(new RecipientOutcome(recipient, deliverLocally(delivery, folder, content), LOCAL_RELAY));
            } else {
                remoteByDomain.computeIfAbsent(recipient.getDomain(), domain -> new ArrayList<>()).add(recipient);
            }
        }
        for (Map.Entry<Domain, List<MailAddress>> byDomain : remoteByDomain.entrySet()) {
            if (unreadable != null) {
                DeliveryResult deferred = RemoteDelivery.unreadable(unreadable);
                byDomain.getValue().forEach(recipient -> outcomes.add(new RecipientOutcome(recipient, deferred, RecipientOutcome.NO_RELAY)));
            } else {
                Envelope envelope = new Envelope(mail.sender(), byDomain.getValue(), mail.options(), options);
                outcomes.addAll(remote.deliver(envelope, byDomain.getKey(), content, header));
            }
        }
        return outcomes;
    }

    /** Whether the recipient's domain is one of ours: its mail goes to the mailbox store. */
    boolean isLocal(MailAddress recipient) {
        return directory.isLocalDomain(recipient.getDomain());
    }

    /**
     * Whether repeating the attempt that came to these outcomes stores nothing twice: every recipient it delivered
     * went to the mailbox store, and that store finds its earlier copies.
     */
    boolean isRepeatable(List<RecipientOutcome> outcomes) {
        boolean storeFindsCopies = mailboxes.findsEarlierCopies();
        return outcomes.stream().allMatch(outcome -> outcome.result().outcome() != DeliveryResult.Outcome.DELIVERED
            || storeFindsCopies && outcome.relay().equals(LOCAL_RELAY));
    }

    private DeliveryResult deliverLocally(LocalDelivery delivery, String folder, MessageContent content) {
        try {
            return mailboxes.deliver(delivery, folder, content);
        } catch (IOException e) {
            // A full or failing mailbox disk: one line per deferral is enough.
            LOGGER.warn("Mailbox delivery to <{}> failed: {}", delivery.recipient().asString(), e.toString());
            return DeliveryResult.temporaryFailure("4.3.0", "mailbox store error: " + e.getMessage());
        } catch (RuntimeException e) {
            LOGGER.warn("Mailbox delivery to <{}> failed", delivery.recipient().asString(), e);
            return DeliveryResult.temporaryFailure("4.3.0", "mailbox store error: " + e.getMessage());
        }
    }
}
