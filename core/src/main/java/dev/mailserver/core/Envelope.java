package dev.mailserver.core;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;

/**
 * The SMTP envelope of one message: the reverse-path (possibly the null sender {@code <>}) and the
 * forward-paths. A recipient given twice is kept once, in the order first given.
 */
public record Envelope(MaybeSender sender, List<MailAddress> recipients) {
    public Envelope {
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(recipients, "recipients");
        recipients = List.copyOf(new LinkedHashSet<>(recipients));
        if (recipients.isEmpty()) {
            throw new IllegalArgumentException("an envelope needs at least one recipient");
        }
    }
}
