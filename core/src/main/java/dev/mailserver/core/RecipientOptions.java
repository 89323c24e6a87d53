package dev.mailserver.core;

import java.util.Objects;
import java.util.Optional;

/**
 * What the client asked for one recipient with RCPT TO parameters (DSN, RFC 3461), kept with the recipient
 * in the spool and passed on to the next hop.
 */
public record RecipientOptions(DsnNotify notifyOn, Optional<OriginalRecipient> originalRecipient) {
    /** Nothing asked: the options of a plain {@code RCPT TO:<...>}. */
    public static final RecipientOptions NONE = new RecipientOptions(DsnNotify.DEFAULT, Optional.empty());

    public RecipientOptions {
        Objects.requireNonNull(notifyOn, "notifyOn");
        Objects.requireNonNull(originalRecipient, "originalRecipient");
    }

    public RecipientOptions withNotify(DsnNotify value) {
        return new RecipientOptions(value, originalRecipient);
    }

    public RecipientOptions withOriginalRecipient(OriginalRecipient value) {
        return new RecipientOptions(notifyOn, Optional.of(value));
    }
}
