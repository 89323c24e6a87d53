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

    /**
     * Whether every mailbox the address delivers to is known to be full, so that RCPT can answer
     * {@code 452 4.2.2} at once; false when that is not known without I/O (delivery then defers the mail).
     */
    default boolean isKnownFull(MailAddress address) {
        return false;
    }
}
