package dev.mailserver.storage.directory;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import dev.mailserver.core.DeliveryResult;

import org.apache.james.core.MailAddress;

/**
 * Where mail for one recipient address goes: the mailboxes it ends in and the addresses elsewhere it is
 * forwarded to (an alias's targets outside the local domains, the sender an SRS address stands for), or why
 * there is neither.
 *
 * @param remoteTargets addresses the mail is sent on to through the queue, each once
 * @param failure a permanent failure when there are no mailboxes nor remote targets ({@code 5.1.1} no such
 *     address, {@code 5.4.6} alias loop)
 * @param tag the tag of a plus-address ({@code news} of {@code alice+news@}), when its user was found without it
 */
public record Resolution(List<MailAddress> mailboxes, List<MailAddress> remoteTargets, DeliveryResult failure, Optional<String> tag) {
    public Resolution {
        mailboxes = List.copyOf(mailboxes);
        remoteTargets = List.copyOf(remoteTargets);
        Objects.requireNonNull(failure, "failure");
        Objects.requireNonNull(tag, "tag");
    }

    static Resolution of(List<MailAddress> mailboxes, List<MailAddress> remoteTargets) {
        return new Resolution(mailboxes, remoteTargets, DeliveryResult.permanentFailure("5.1.1", "no mailbox"), Optional.empty());
    }

    static Resolution mailbox(MailAddress mailbox) {
        return of(List.of(mailbox), List.of());
    }

    static Resolution forward(MailAddress remoteTarget) {
        return of(List.of(), List.of(remoteTarget));
    }

    static Resolution failed(String enhancedStatus, String reason) {
        return new Resolution(List.of(), List.of(), DeliveryResult.permanentFailure(enhancedStatus, reason), Optional.empty());
    }

    Resolution withTag(String tag) {
        return new Resolution(mailboxes, remoteTargets, failure, Optional.of(tag));
    }

    /** Whether the mail has somewhere to go: a mailbox or a remote target. */
    public boolean found() {
        return !mailboxes.isEmpty() || !remoteTargets.isEmpty();
    }
}
