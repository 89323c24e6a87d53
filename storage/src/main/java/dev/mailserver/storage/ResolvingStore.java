package dev.mailserver.storage;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.apache.james.core.MailAddress;

import dev.mailserver.core.DeliveryResult;
import dev.mailserver.core.MessageContent;
import dev.mailserver.core.mailbox.LocalDelivery;
import dev.mailserver.core.mailbox.MailboxStore;

/**
 * Delivers mail for a recipient into the mailboxes the {@link RecipientResolver} finds for it (an alias's
 * targets, the user of {@code user+tag}, the catch-all...). The recipient is delivered when at least one
 * mailbox took the mail; when none did, the last mailbox's failure is the recipient's. Mail for
 * {@code user+tag} may go into the folder {@code tag} of the user's mailbox (as Dovecot's
 * {@code lmtp_save_to_detail_mailbox}).
 */
public final class ResolvingStore implements MailboxStore {
    private final RecipientResolver resolver;
    private final MailboxTransport mailboxes;
    private final boolean tagFolders;

    /** @param tagFolders whether mail for {@code user+tag} goes into the folder {@code tag}, made when missing, instead of the INBOX */
    public ResolvingStore(RecipientResolver resolver, MailboxTransport mailboxes, boolean tagFolders) {
        this.resolver = Objects.requireNonNull(resolver, "resolver");
        this.mailboxes = Objects.requireNonNull(mailboxes, "mailboxes");
        this.tagFolders = tagFolders;
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
        Optional<String> folder = resolution.tag().filter(tag -> tagFolders);
        for (MailAddress mailbox : resolution.mailboxes()) {
            DeliveryResult result = mailboxes.deliver(delivery.to(mailbox), folder, content);
            if (result.outcome() == DeliveryResult.Outcome.DELIVERED) {
                stored.add(mailbox.equals(delivery.recipient()) ? result.detail() : mailbox.asString() + ": " + result.detail());
            } else {
                failure = result;
            }
        }
        return stored.isEmpty() ? failure : DeliveryResult.delivered(String.join(", ", stored));
    }
}
