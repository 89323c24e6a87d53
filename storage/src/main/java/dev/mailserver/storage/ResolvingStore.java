package dev.mailserver.storage;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.apache.james.core.MailAddress;

import dev.mailserver.core.DeliveryResult;
import dev.mailserver.core.MessageContent;
import dev.mailserver.core.mailbox.LocalDelivery;
import dev.mailserver.core.mailbox.MailboxStore;

/**
 * Delivers mail for a recipient into the mailboxes the {@link RecipientResolver} finds for it (an alias's
 * targets, the user of {@code user+tag}, the catch-all...). The recipient is delivered when at least one
 * mailbox took the mail; when none did, the last mailbox's failure is the recipient's.
 */
public final class ResolvingStore implements MailboxStore {
    private final RecipientResolver resolver;
    private final MailboxStore mailboxes;

    /** @param mailboxes stores into one mailbox, named by the delivery's recipient */
    public ResolvingStore(RecipientResolver resolver, MailboxStore mailboxes) {
        this.resolver = Objects.requireNonNull(resolver, "resolver");
        this.mailboxes = Objects.requireNonNull(mailboxes, "mailboxes");
    }

    /** @throws IOException when the store fails for a mailbox; the retry finds the copies stored before this failure */
    @Override
    public DeliveryResult deliver(LocalDelivery delivery, MessageContent content) throws IOException {
        Resolution resolution = resolver.resolve(delivery.recipient());
        if (!resolution.found()) {
            return resolution.failure();
        }
        List<String> stored = new ArrayList<>();
        DeliveryResult failure = resolution.failure();
        for (MailAddress mailbox : resolution.mailboxes()) {
            DeliveryResult result = mailboxes.deliver(delivery.to(mailbox), content);
            if (result.outcome() == DeliveryResult.Outcome.DELIVERED) {
                stored.add(mailbox.equals(delivery.recipient()) ? result.detail() : mailbox.asString() + ": " + result.detail());
            } else {
                failure = result;
            }
        }
        return stored.isEmpty() ? failure : DeliveryResult.delivered(String.join(", ", stored));
    }
}
