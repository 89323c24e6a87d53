package dev.mailserver.storage.directory;

import java.util.Objects;

import org.apache.james.core.Domain;
import org.apache.james.core.MailAddress;

import dev.mailserver.core.directory.RecipientDirectory;
import dev.mailserver.storage.quota.MailboxQuota;

/**
 * The recipient directory as RCPT sees it: an address exists when the {@link RecipientResolver}'s rules find
 * it a mailbox or a remote target to forward to, the same rules that deliver its mail, so that no recipient
 * accepted at RCPT bounces for want of a mailbox at delivery.
 */
public final class AddressingDirectory implements RecipientDirectory {
    private final RecipientResolver resolver;
    private final MailboxQuota quota;

    public AddressingDirectory(RecipientResolver resolver) {
        this(resolver, MailboxQuota.NONE);
    }

    /** @param quota tells which mailboxes are known to be full */
    public AddressingDirectory(RecipientResolver resolver, MailboxQuota quota) {
        this.resolver = Objects.requireNonNull(resolver, "resolver");
        this.quota = Objects.requireNonNull(quota, "quota");
    }

    @Override
    public boolean isLocalDomain(Domain domain) {
        return resolver.isLocalDomain(domain);
    }

    @Override
    public boolean hasMailbox(MailAddress address) {
        return isLocalDomain(address.getDomain()) && resolver.resolve(address).found();
    }

    @Override
    public boolean isKnownFull(MailAddress address) {
        Resolution resolution = resolver.resolve(address);
        return resolution.found() && resolution.remoteTargets().isEmpty() && resolution.mailboxes().stream().allMatch(quota::isKnownFull);
    }
}
