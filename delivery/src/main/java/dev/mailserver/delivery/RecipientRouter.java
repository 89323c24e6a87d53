package dev.mailserver.delivery;

import java.io.IOException;

import org.apache.james.core.MailAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.mailserver.core.DeliveryResult;
import dev.mailserver.core.MessageContent;
import dev.mailserver.core.directory.RecipientDirectory;
import dev.mailserver.core.mailbox.MailboxStore;

/**
 * Sends each recipient where it belongs: local domains to the mailbox store. Remote delivery is not
 * built yet; such recipients are deferred, so they stay queued and are retried rather than lost.
 */
final class RecipientRouter {
    private static final Logger LOGGER = LoggerFactory.getLogger(RecipientRouter.class);

    private final RecipientDirectory directory;
    private final MailboxStore mailboxes;

    RecipientRouter(RecipientDirectory directory, MailboxStore mailboxes) {
        this.directory = directory;
        this.mailboxes = mailboxes;
    }

    Route routeOf(MailAddress recipient) {
        return directory.isLocalDomain(recipient.getDomain()) ? Route.LOCAL : Route.REMOTE;
    }

    DeliveryResult deliver(MailAddress recipient, MessageContent content) {
        if (routeOf(recipient) == Route.REMOTE) {
            return DeliveryResult.temporaryFailure("4.4.3", "no route: remote delivery is not available on this server");
        }
        try {
            return mailboxes.deliver(recipient, content);
        } catch (IOException | RuntimeException e) {
            LOGGER.warn("Mailbox delivery to <{}> failed", recipient.asString(), e);
            return DeliveryResult.temporaryFailure("4.3.0", "mailbox store error: " + e.getMessage());
        }
    }

    enum Route {
        LOCAL, REMOTE;

        String relayName() {
            return this == LOCAL ? "local" : "none";
        }
    }
}
