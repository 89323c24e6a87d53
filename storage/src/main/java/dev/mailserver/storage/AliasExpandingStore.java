package dev.mailserver.storage;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.apache.james.core.MailAddress;

import dev.mailserver.core.DeliveryResult;
import dev.mailserver.core.MessageContent;
import dev.mailserver.core.mailbox.MailboxStore;

/**
 * Delivers mail for an alias into the mailboxes of its targets (one level: a target is a mailbox, not
 * another alias), and any other mail as the store it wraps does. Mail for an alias is delivered when at
 * least one target took it; when none did, the last target's failure is the alias's.
 */
public final class AliasExpandingStore implements MailboxStore {
    private final Aliases aliases;
    private final MailboxStore mailboxes;

    public AliasExpandingStore(Aliases aliases, MailboxStore mailboxes) {
        this.aliases = Objects.requireNonNull(aliases, "aliases");
        this.mailboxes = Objects.requireNonNull(mailboxes, "mailboxes");
    }

    /** @throws IOException when the store fails for a target; the retry may deliver again to targets that had it */
    @Override
    public DeliveryResult deliver(MailAddress recipient, MessageContent content) throws IOException {
        return deliver(recipient, INBOX, content);
    }

    @Override
    public DeliveryResult deliver(MailAddress recipient, String folder, MessageContent content) throws IOException {
        List<MailAddress> targets = aliases.targets(recipient);
        if (targets.isEmpty()) {
            return mailboxes.deliver(recipient, folder, content);
        }
        List<String> stored = new ArrayList<>();
        DeliveryResult failure = DeliveryResult.permanentFailure("5.1.1", "alias " + recipient.asString() + " has no valid target");
        for (MailAddress target : targets) {
            DeliveryResult result = aliases.exists(target)
                ? DeliveryResult.permanentFailure("5.3.5", "alias " + recipient.asString() + " points to another alias, " + target.asString())
                : mailboxes.deliver(target, folder, content);
            if (result.outcome() == DeliveryResult.Outcome.DELIVERED) {
                stored.add(target.asString() + ": " + result.detail());
            } else {
                failure = result;
            }
        }
        return stored.isEmpty() ? failure : DeliveryResult.delivered("alias of " + String.join(", ", stored));
    }
}
