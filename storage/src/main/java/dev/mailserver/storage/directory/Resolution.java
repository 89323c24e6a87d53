package dev.mailserver.storage.directory;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import dev.mailserver.core.DeliveryResult;

import org.apache.james.core.MailAddress;

/**
 * Where mail for one recipient address goes: the mailboxes it ends in, or why there is none.
 *
 * @param failure a permanent failure when there are no mailboxes ({@code 5.1.1} no such address, {@code 5.4.6} alias loop)
 * @param tag the tag of a plus-address ({@code news} of {@code alice+news@}), when its user was found without it
 */
public record Resolution(List<MailAddress> mailboxes, DeliveryResult failure, Optional<String> tag) {
    public Resolution {
        mailboxes = List.copyOf(mailboxes);
        Objects.requireNonNull(failure, "failure");
        Objects.requireNonNull(tag, "tag");
    }

    static Resolution of(List<MailAddress> mailboxes) {
        return new Resolution(mailboxes, DeliveryResult.permanentFailure("5.1.1", "no mailbox"), Optional.empty());
    }

    static Resolution failed(String enhancedStatus, String reason) {
        return new Resolution(List.of(), DeliveryResult.permanentFailure(enhancedStatus, reason), Optional.empty());
    }

    Resolution withTag(String tag) {
        return new Resolution(mailboxes, failure, Optional.of(tag));
    }

    public boolean found() {
        return !mailboxes.isEmpty();
    }
}
