package dev.mailserver.core.mailbox;

import java.io.IOException;
import java.util.List;

import org.apache.james.core.MailAddress;

import dev.mailserver.core.Envelope;
import dev.mailserver.core.MessageContent;
import dev.mailserver.core.OutgoingMessage;

/**
 * Makes the message that sends mail delivered to a local mailbox on to other addresses: an alias's remote
 * targets, a Sieve {@code redirect}. It chooses the envelope sender (the original one, or an SRS address of
 * ours so that SPF still passes) and may add headers (an ARC set); the delivery returns it as a
 * {@linkplain dev.mailserver.core.DeliveryResult#followUps() follow-up}.
 */
public interface Forwarding {

    /** @param content the message as queued; the forward may refer to it, as it is read while the follow-up is queued */
    OutgoingMessage forward(LocalDelivery delivery, List<MailAddress> targets, MessageContent content) throws IOException;

    /** Forwards with the original envelope sender and content, as {@code sendmail}-style forwarding does. */
    Forwarding KEEP_SENDER = (delivery, targets, content) -> new OutgoingMessage(new Envelope(delivery.sender(), targets), content);
}
