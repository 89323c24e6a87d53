package dev.mailserver.plugin.api;

/**
 * Told of every delivery attempt's outcome, per recipient, after the spool has recorded it: mail
 * delivered, deferred or bounced. A plugin receives these by implementing this interface on its
 * {@code SmtpPlugin} class.
 *
 * <p>Called on the delivery engine's threads, once per recipient and attempt; keep it short and hand
 * slow work (HTTP, databases) to a thread of your own. An exception is logged and otherwise ignored.
 *
 * <p>After a crash or power cut, a delivery may be told again: a delivery into a local mailbox is recorded
 * without waiting for the disk, and when a power cut loses that record the message is delivered again
 * (finding its stored copy) and told again as delivered. Count events by queue id and recipient when that matters.
 */
@FunctionalInterface
public interface DeliveryEvents {

    void onDelivery(DeliveryEvent event);

    /** Tells no one. */
    DeliveryEvents NONE = event -> {
    };
}
