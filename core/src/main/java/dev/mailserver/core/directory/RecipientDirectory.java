package dev.mailserver.core.directory;

import org.apache.james.core.Domain;
import org.apache.james.core.MailAddress;

/**
 * Which domains this server is the final destination for, and which mailboxes exist in them.
 * Implementations answer from memory or a local store: callers may be on a network thread.
 */
public interface RecipientDirectory {
    boolean isLocalDomain(Domain domain);

    /** Whether mail for this address can be delivered to a local mailbox. False for non-local domains. */
    boolean hasMailbox(MailAddress address);
}
