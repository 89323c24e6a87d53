package dev.mailserver.core;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;

/**
 * The SMTP envelope of one message: the reverse-path (possibly the null sender {@code <>}) and the
 * forward-paths, with what the client asked through MAIL and RCPT parameters. A recipient given twice is
 * kept once, in the order first given.
 *
 * @param recipientOptions the options of the recipients that have any; others have {@link RecipientOptions#NONE}
 */
public record Envelope(MaybeSender sender, List<MailAddress> recipients, EnvelopeOptions options,
                       Map<MailAddress, RecipientOptions> recipientOptions) {
    public Envelope {
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(recipients, "recipients");
        Objects.requireNonNull(options, "options");
        recipients = List.copyOf(new LinkedHashSet<>(recipients));
        recipientOptions = Map.copyOf(recipientOptions);
        if (recipients.isEmpty()) {
            throw new IllegalArgumentException("an envelope needs at least one recipient");
        }
    }

    /** An envelope without MAIL or RCPT parameters. */
    public Envelope(MaybeSender sender, List<MailAddress> recipients) {
        this(sender, recipients, EnvelopeOptions.NONE, Map.of());
    }

    public RecipientOptions optionsOf(MailAddress recipient) {
        return recipientOptions.getOrDefault(recipient, RecipientOptions.NONE);
    }
}
