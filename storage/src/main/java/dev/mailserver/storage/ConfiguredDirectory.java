package dev.mailserver.storage;

import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.james.core.Domain;
import org.apache.james.core.MailAddress;

import dev.mailserver.core.directory.RecipientDirectory;

/**
 * A recipient directory fixed at construction: the local domains and the mailboxes in them.
 * Domains and local parts match case-insensitively; lookups never leave memory.
 */
public final class ConfiguredDirectory implements RecipientDirectory {
    private final Set<Domain> localDomains;
    private final Set<MailAddress> mailboxes;
    private final Set<MailboxKey> mailboxKeys;

    /**
     * @throws IllegalArgumentException if a mailbox is not in one of the local domains
     */
    public ConfiguredDirectory(Set<Domain> localDomains, Set<MailAddress> mailboxes) {
        this.localDomains = Set.copyOf(localDomains);
        this.mailboxes = Set.copyOf(mailboxes);
        for (MailAddress mailbox : this.mailboxes) {
            if (!this.localDomains.contains(mailbox.getDomain())) {
                throw new IllegalArgumentException("mailbox " + mailbox.asString() + " is not in a local domain "
                        + this.localDomains.stream().map(Domain::asString).sorted().toList());
            }
        }
        this.mailboxKeys = this.mailboxes.stream().map(MailboxKey::of).collect(Collectors.toUnmodifiableSet());
    }

    public Set<Domain> localDomains() {
        return localDomains;
    }

    public Set<MailAddress> mailboxes() {
        return mailboxes;
    }

    @Override
    public boolean isLocalDomain(Domain domain) {
        return localDomains.contains(domain);
    }

    @Override
    public boolean hasMailbox(MailAddress address) {
        return mailboxKeys.contains(MailboxKey.of(address));
    }

    /** Domain already compares case-insensitively; the local part is lowercased here. */
    private record MailboxKey(String localPart, Domain domain) {
        static MailboxKey of(MailAddress address) {
            return new MailboxKey(address.getLocalPart().toLowerCase(Locale.ROOT), address.getDomain());
        }
    }
}
