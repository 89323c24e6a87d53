package dev.mailserver.auth.message;

import java.util.Locale;
import java.util.Objects;

/**
 * One header field as it was received.
 *
 * @param raw the whole field, name and colon included, its folded lines joined by CRLF, without the final
 *     CRLF; bytes as ISO-8859-1 characters so that hashing them gives back the bytes received
 */
public record HeaderField(String raw) {
    public HeaderField {
        Objects.requireNonNull(raw, "raw");
        if (raw.indexOf(':') < 1) {
            throw new IllegalArgumentException("a header field needs a name and a colon: " + raw);
        }
    }

    /** The field name as written. */
    public String name() {
        return raw.substring(0, raw.indexOf(':')).strip();
    }

    /** The text after the colon, as written (folding included). */
    public String value() {
        return raw.substring(raw.indexOf(':') + 1);
    }

    /** The value unfolded and trimmed, for reading (not for hashing). */
    public String unfoldedValue() {
        return value().replace("\r\n", "").replace("\n", "").strip();
    }

    public boolean hasName(String other) {
        return name().equalsIgnoreCase(other);
    }

    public String lowerCaseName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
