package dev.mailserver.core.queue;

import java.util.Objects;

import org.apache.james.core.MailAddress;

import dev.mailserver.core.RecipientOptions;

/**
 * One recipient of a queued message with its delivery state.
 *
 * @param lastResult what the last attempt said ({@code "4.2.2 mailbox full"}), empty before the first attempt
 * @param options what the client asked for this recipient (DSN NOTIFY and ORCPT)
 */
public record RecipientState(MailAddress recipient, RecipientStatus status, String lastResult, RecipientOptions options) {
    public RecipientState {
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(lastResult, "lastResult");
        Objects.requireNonNull(options, "options");
    }

    /** A recipient without RCPT parameters. */
    public RecipientState(MailAddress recipient, RecipientStatus status, String lastResult) {
        this(recipient, status, lastResult, RecipientOptions.NONE);
    }

    public static RecipientState pending(MailAddress recipient) {
        return pending(recipient, RecipientOptions.NONE);
    }

    public static RecipientState pending(MailAddress recipient, RecipientOptions options) {
        return new RecipientState(recipient, RecipientStatus.PENDING, "", options);
    }

    /** The same recipient, with its options, in a new state. */
    public RecipientState with(RecipientStatus newStatus, String newLastResult) {
        return new RecipientState(recipient, newStatus, newLastResult, options);
    }
}
