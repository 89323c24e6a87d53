package dev.mailserver.core;

import java.util.Objects;

/**
 * The {@code ORCPT} parameter of one RCPT TO (RFC 3461 section 4.2): the recipient as the original sender
 * gave it, for the {@code Original-Recipient} field of notices.
 *
 * @param addressType e.g. {@code rfc822} or {@code utf-8}
 * @param address the address, xtext-decoded
 */
public record OriginalRecipient(String addressType, String address) {
    public OriginalRecipient {
        Objects.requireNonNull(addressType, "addressType");
        Objects.requireNonNull(address, "address");
    }

    /** As in a notice's {@code Original-Recipient} field: {@code rfc822;user@example.org}. */
    @Override
    public String toString() {
        return addressType + ";" + address;
    }
}
