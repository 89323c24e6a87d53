package dev.mailserver.core.mailbox;

import java.io.IOException;

import dev.mailserver.core.DeliveryResult;
import dev.mailserver.core.MessageContent;

/** Final delivery into a local user's mailbox. */
public interface MailboxStore {
    /** The folder new mail goes to. */
    String INBOX = "INBOX";
    /** The folder for mail held as suspicious, e.g. quarantined by a DMARC policy. */
    String JUNK = "Junk";

    /**
     * Stores the message in the recipient's mailbox. Returns only once the message is on stable storage
     * (a {@link DeliveryResult.Outcome#DELIVERED} result), or says why it could not be stored when the
     * reason is the recipient's (unknown mailbox, quota...). When the store {@linkplain #findsEarlierCopies()
     * finds earlier copies}, delivering the same queue id to the same recipient again stores no second copy when
     * {@link LocalDelivery#maybeRepeated()} says it may happen.
     *
     * @throws IOException when the storage itself fails; the caller should try again later
     */
    DeliveryResult deliver(LocalDelivery delivery, MessageContent content) throws IOException;

    /**
     * Stores the message in a folder of the recipient's mailbox ({@link #INBOX}, {@link #JUNK}). A store
     * without folders puts everything into the inbox.
     *
     * @throws IOException when the storage itself fails; the caller should try again later
     */
    default DeliveryResult deliver(LocalDelivery delivery, String folder, MessageContent content) throws IOException {
        return deliver(delivery, content);
    }

    /**
     * Whether a delivery that {@linkplain LocalDelivery#maybeRepeated() may repeat} an earlier one finds the copy
     * that one stored, and stores no second. The spool may then record such deliveries without waiting for its
     * own sync. A store handing mail on to another server (LMTP) cannot tell.
     */
    default boolean findsEarlierCopies() {
        return false;
    }
}
