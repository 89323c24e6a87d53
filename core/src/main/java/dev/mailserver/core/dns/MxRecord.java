package dev.mailserver.core.dns;

import java.util.Objects;

/**
 * One MX record.
 *
 * @param host the mail exchanger's name without the trailing dot; empty for the root name, which makes
 *     the record a null MX (RFC 7505: the domain accepts no mail)
 */
public record MxRecord(int preference, String host) {
    public MxRecord {
        Objects.requireNonNull(host, "host");
        if (preference < 0 || preference > 65535) {
            throw new IllegalArgumentException("an MX preference is between 0 and 65535, not " + preference);
        }
    }

    public boolean isNullMx() {
        return host.isEmpty();
    }
}
