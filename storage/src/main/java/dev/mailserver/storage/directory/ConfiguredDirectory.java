package dev.mailserver.storage.directory;

import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import org.apache.james.core.Domain;
import org.apache.james.core.MailAddress;

import dev.mailserver.core.directory.RecipientDirectory;
import dev.mailserver.storage.users.UserAccounts;

/**
 * A recipient directory of configured local domains and mailboxes, optionally joined by domains and
 * mailboxes kept elsewhere ({@link LocalDomains}, the users of {@link UserAccounts}, {@link Aliases}).
 * Domains and local parts match case-insensitively.
 */
public final class ConfiguredDirectory implements RecipientDirectory {
    private final Set<Domain> localDomains;
    private final Set<MailAddress> mailboxes;
    private final Set<MailboxKey> mailboxKeys;
    private final Predicate<Domain> otherDomains;
    private final Predicate<MailAddress> otherMailboxes;

    public ConfiguredDirectory(Set<Domain> localDomains, Set<MailAddress> mailboxes) {
        this(localDomains, mailboxes, address -> false);
    }

    /**
     * @param otherMailboxes more mailboxes, consulted for addresses in the local domains only
     * @throws IllegalArgumentException if a mailbox is not in one of the local domains
     */
    public ConfiguredDirectory(Set<Domain> localDomains, Set<MailAddress> mailboxes, Predicate<MailAddress> otherMailboxes) {
        this(localDomains, mailboxes, domain -> false, otherMailboxes);
    }

    /**
     * @param otherDomains more local domains
     * @param otherMailboxes more mailboxes, consulted for addresses in the local domains only
     * @throws IllegalArgumentException if a mailbox is not in one of the configured local domains
     */
    public ConfiguredDirectory(Set<Domain> localDomains, Set<MailAddress> mailboxes, Predicate<Domain> otherDomains,
                               Predicate<MailAddress> otherMailboxes) {
        this.localDomains = Set.copyOf(localDomains);
        this.mailboxes = Set.copyOf(mailboxes);
        for (MailAddress mailbox : this.mailboxes) {
            if (!this.localDomains.contains(mailbox.getDomain())) {
                throw new IllegalArgumentException("mailbox " + mailbox.asString() + " is not in a local domain "
                        + this.localDomains.stream().map(Domain::asString).sorted().toList());
            }
        }
        this.mailboxKeys = this.mailboxes.stream().map(MailboxKey::of).collect(Collectors.toUnmodifiableSet());
        this.otherDomains = otherDomains;
        this.otherMailboxes = otherMailboxes;
    }

    public Set<Domain> localDomains() {
        return localDomains;
    }

    public Set<MailAddress> mailboxes() {
        return mailboxes;
    }

    @Override
    public boolean isLocalDomain(Domain domain) {
        return localDomains.contains(domain) || otherDomains.test(domain);
    }

    @Override
    public boolean hasMailbox(MailAddress address) {
        return mailboxKeys.contains(MailboxKey.of(address))
            || (isLocalDomain(address.getDomain()) && otherMailboxes.test(address));
    }

    /** Domain already compares case-insensitively; the local part is lowercased here. */
    private record MailboxKey(String localPart, Domain domain) {
        static MailboxKey of(MailAddress address) {
            return new MailboxKey(address.getLocalPart().toLowerCase(Locale.ROOT), address.getDomain());
        }
    }
}
