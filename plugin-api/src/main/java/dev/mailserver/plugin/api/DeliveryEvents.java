package dev.mailserver.plugin.api;

/**
 * Told of every delivery attempt's outcome, per recipient, after the spool has recorded it: mail
 * delivered, deferred or bounced. A plugin receives these by implementing this interface on its
 * {@code SmtpPlugin} class.
 *
 * <p>Called on the delivery engine's threads, once per recipient and attempt; keep it short and hand
 * slow work (HTTP, databases) to a thread of your own. An exception is logged and otherwise ignored.
 */
@FunctionalInterface
public interface DeliveryEvents {

    void onDelivery(DeliveryEvent event);

    /** Tells no one. */
    DeliveryEvents NONE = event -> {
    };
}
