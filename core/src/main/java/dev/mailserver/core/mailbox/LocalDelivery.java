package dev.mailserver.core.mailbox;

import java.time.Instant;
import java.util.Objects;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;

import dev.mailserver.core.QueueId;

/**
 * One queued message for one local recipient, as the delivery engine hands it to a {@link MailboxStore}.
 *
 * @param sender the envelope sender, written as {@code Return-Path:}
 * @param recipient the address delivered to: the envelope recipient, or once aliases and addressing rules are
 *     applied, one of its mailboxes
 * @param arrivedAt when the message was queued
 * @param maybeRepeated true when an earlier attempt may have stored the message without its result being
 *     recorded (the attempt was interrupted by a crash, or its result could not be written); the store then
 *     looks for the copy it may have made instead of making a second one
 * @param envelopeRecipient the recipient as the sender gave it ({@code RCPT TO}), before aliases and addressing
 *     rules: what a Sieve {@code envelope "to"} test sees
 */
public record LocalDelivery(QueueId queueId, MaybeSender sender, MailAddress recipient, Instant arrivedAt, boolean maybeRepeated,
                            MailAddress envelopeRecipient) {
    public LocalDelivery {
        Objects.requireNonNull(queueId, "queueId");
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(arrivedAt, "arrivedAt");
        Objects.requireNonNull(envelopeRecipient, "envelopeRecipient");
    }

    /** The delivery to its envelope recipient. */
    public LocalDelivery(QueueId queueId, MaybeSender sender, MailAddress recipient, Instant arrivedAt, boolean maybeRepeated) {
        this(queueId, sender, recipient, arrivedAt, maybeRepeated, recipient);
    }

    /** The same delivery to another address, such as an alias's target; the envelope recipient stays. */
    public LocalDelivery to(MailAddress other) {
        return new LocalDelivery(queueId, sender, other, arrivedAt, maybeRepeated, envelopeRecipient);
    }
}
