package dev.mailserver.core.queue;

import java.util.Objects;

import org.apache.james.core.MailAddress;

/**
 * One recipient of a queued message with its delivery state.
 *
 * @param lastResult what the last attempt said ({@code "4.2.2 mailbox full"}), empty before the first attempt
 */
public record RecipientState(MailAddress recipient, RecipientStatus status, String lastResult) {
    public RecipientState {
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(lastResult, "lastResult");
    }

    public static RecipientState pending(MailAddress recipient) {
        return new RecipientState(recipient, RecipientStatus.PENDING, "");
    }
}
