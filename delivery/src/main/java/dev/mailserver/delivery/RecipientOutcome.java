package dev.mailserver.delivery;

import java.util.Objects;

import org.apache.james.core.MailAddress;

import dev.mailserver.core.DeliveryResult;
import dev.mailserver.delivery.tls.TlsOutcome;

/**
 * What one delivery attempt to one recipient came to, and where it went.
 *
 * @param relay as in the log's {@code relay=} field: {@code local}, {@code mx.example.org[192.0.2.1]:25}, or
 *     {@code none} when no server was reached
 * @param tls what TLS the SMTP session got ({@link TlsOutcome#NONE} for local delivery), as in the log's
 *     {@code tls=} field
 */
public record RecipientOutcome(MailAddress recipient, DeliveryResult result, String relay, TlsOutcome tls) {
    public static final String NO_RELAY = "none";

    public RecipientOutcome {
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(relay, "relay");
        Objects.requireNonNull(tls, "tls");
    }

    /** An outcome without TLS: local delivery, or no server reached. */
    public RecipientOutcome(MailAddress recipient, DeliveryResult result, String relay) {
        this(recipient, result, relay, TlsOutcome.NONE);
    }
}
