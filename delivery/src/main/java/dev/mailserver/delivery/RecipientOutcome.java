package dev.mailserver.delivery;

import java.util.Objects;

import org.apache.james.core.MailAddress;

import dev.mailserver.core.DeliveryResult;

/**
 * What one delivery attempt to one recipient came to, and where it went.
 *
 * @param relay as in the log's {@code relay=} field: {@code local}, {@code mx.example.org[192.0.2.1]:25}, or
 *     {@code none} when no server was reached
 */
public record RecipientOutcome(MailAddress recipient, DeliveryResult result, String relay) {
    public static final String NO_RELAY = "none";

    public RecipientOutcome {
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(relay, "relay");
    }
}
