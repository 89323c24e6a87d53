package dev.mailserver.core.queue;

import java.util.Objects;

import org.apache.james.core.MailAddress;

import dev.mailserver.core.DeliveryResult;

/** The result of one delivery attempt to one recipient, as reported back to the spool. */
public record RecipientResult(MailAddress recipient, DeliveryResult result) {
    public RecipientResult {
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(result, "result");
    }
}
