package dev.mailserver.storage;

import java.util.List;
import java.util.Objects;

import dev.mailserver.core.DeliveryResult;

import org.apache.james.core.MailAddress;

/**
 * Where mail for one recipient address goes: the mailboxes it ends in, or why there is none.
 *
 * @param failure a permanent failure when there are no mailboxes ({@code 5.1.1} no such address, {@code 5.4.6} alias loop)
 */
public record Resolution(List<MailAddress> mailboxes, DeliveryResult failure) {
    public Resolution {
        mailboxes = List.copyOf(mailboxes);
        Objects.requireNonNull(failure, "failure");
    }

    static Resolution of(List<MailAddress> mailboxes) {
        return new Resolution(mailboxes, DeliveryResult.permanentFailure("5.1.1", "no mailbox"));
    }

    static Resolution failed(String enhancedStatus, String reason) {
        return new Resolution(List.of(), DeliveryResult.permanentFailure(enhancedStatus, reason));
    }

    public boolean found() {
        return !mailboxes.isEmpty();
    }
}
