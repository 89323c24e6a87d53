package dev.mailserver.plugin.api;

import java.util.Objects;

/**
 * What one delivery attempt came to for one recipient, once the spool has recorded it.
 *
 * @param queueId the message's queue id, as the logs show it
 * @param sender the envelope sender, {@code ""} for the null sender
 * @param enhancedStatus the RFC 3463 code, e.g. {@code 2.0.0}, {@code 4.2.2}, {@code 5.1.1}
 * @param detail the remote server's reply or the local reason
 * @param relay where the attempt went: {@code local}, or {@code host[ip]:port}
 */
public record DeliveryEvent(String queueId, String sender, String recipient, Outcome outcome, String enhancedStatus, String detail,
                            String relay) {

    /** Where the recipient stands after the attempt. */
    public enum Outcome {
        /** Delivered; the recipient is done. */
        DELIVERED,
        /** Failed for now; it will be tried again. */
        DEFERRED,
        /** Failed for good (a permanent error or expiry); the sender is notified. */
        BOUNCED
    }

    public DeliveryEvent {
        Objects.requireNonNull(queueId, "queueId");
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(enhancedStatus, "enhancedStatus");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(relay, "relay");
    }
}
