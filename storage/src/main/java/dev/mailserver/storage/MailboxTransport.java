package dev.mailserver.storage;

import java.io.IOException;
import java.util.Optional;

import dev.mailserver.core.DeliveryResult;
import dev.mailserver.core.MessageContent;
import dev.mailserver.core.mailbox.LocalDelivery;

/** Final delivery into one mailbox, named by the delivery's recipient: into our Maildirs, or handed to Dovecot over LMTP. */
public interface MailboxTransport {
    /**
     * @param folder the mailbox's folder to deliver into, if the transport has folders; empty for the INBOX
     * @throws IOException when the mailbox store itself fails; the delivery is tried again later
     */
    DeliveryResult deliver(LocalDelivery delivery, Optional<String> folder, MessageContent content) throws IOException;
}
