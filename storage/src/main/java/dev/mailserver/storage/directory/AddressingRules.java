package dev.mailserver.storage.directory;

import java.util.Objects;
import java.util.Optional;

import org.apache.james.core.MailAddress;

/**
 * How recipient addresses that are no mailbox of their own find one.
 *
 * @param recipientDelimiter what separates user and tag in {@code user+tag@domain} (plus-addressing); empty turns it off
 * @param postmaster where {@code postmaster@} and {@code abuse@} of a local domain go when the domain has no such
 *     mailbox or alias (RFC 5321 section 4.5.1, RFC 2142)
 */
public record AddressingRules(Optional<String> recipientDelimiter, MailAddress postmaster) {
    public AddressingRules {
        Objects.requireNonNull(recipientDelimiter, "recipientDelimiter");
        Objects.requireNonNull(postmaster, "postmaster");
        if (recipientDelimiter.filter(String::isEmpty).isPresent()) {
            throw new IllegalArgumentException("an empty recipient delimiter; use Optional.empty() to switch plus-addressing off");
        }
    }
}
