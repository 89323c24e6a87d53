package dev.mailserver.core.queue;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;

import dev.mailserver.core.EnvelopeOptions;
import dev.mailserver.core.QueueId;

/**
 * A message in the spool as the delivery side sees it: its envelope sender, every recipient with its
 * state, and its schedule. The content is read separately through {@link MailQueue#content(QueueId)}.
 *
 * @param attempts how many delivery attempts have been recorded
 * @param nextAttemptAt when the pending recipients are due
 * @param options what the client asked of the whole message (MAIL FROM parameters)
 */
public record QueuedMail(QueueId id, MaybeSender sender, List<RecipientState> recipients, long size,
                         Instant arrivedAt, int attempts, Instant nextAttemptAt, EnvelopeOptions options) {
    public QueuedMail {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(sender, "sender");
        recipients = List.copyOf(recipients);
        Objects.requireNonNull(arrivedAt, "arrivedAt");
        Objects.requireNonNull(nextAttemptAt, "nextAttemptAt");
        Objects.requireNonNull(options, "options");
    }

    public List<MailAddress> pendingRecipients() {
        return recipients.stream()
            .filter(state -> state.status() == RecipientStatus.PENDING)
            .map(RecipientState::recipient)
            .toList();
    }

    /** The recipients not delivered yet: pending ones and those that failed for good. */
    public List<MailAddress> undeliveredRecipients() {
        return recipients.stream()
            .filter(state -> state.status() != RecipientStatus.DELIVERED)
            .map(RecipientState::recipient)
            .toList();
    }

    /** True once every recipient is delivered or failed: the message then leaves the spool. */
    public boolean isFinished() {
        return recipients.stream().allMatch(state -> state.status().isFinal());
    }
}
