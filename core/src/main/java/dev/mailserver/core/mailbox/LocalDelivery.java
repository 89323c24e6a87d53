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
 * @param recipient the envelope recipient, before aliases and addressing rules
 * @param arrivedAt when the message was queued
 * @param maybeRepeated true when an earlier attempt may have stored the message without its result being
 *     recorded (the attempt was interrupted by a crash, or its result could not be written); the store then
 *     looks for the copy it may have made instead of making a second one
 */
public record LocalDelivery(QueueId queueId, MaybeSender sender, MailAddress recipient, Instant arrivedAt, boolean maybeRepeated) {
    public LocalDelivery {
        Objects.requireNonNull(queueId, "queueId");
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(arrivedAt, "arrivedAt");
    }

    /** The same delivery to another address, such as an alias's target. */
    public LocalDelivery to(MailAddress other) {
        return new LocalDelivery(queueId, sender, other, arrivedAt, maybeRepeated);
    }
}
