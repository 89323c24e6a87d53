package dev.mailserver.auth.dmarc;

import java.util.Locale;
import java.util.Optional;

/** What a domain asks receivers to do with mail that fails DMARC (p=, sp=, np=). */
public enum DmarcPolicy {
    NONE, QUARANTINE, REJECT;

    static Optional<DmarcPolicy> parse(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "none" -> Optional.of(NONE);
            case "quarantine" -> Optional.of(QUARANTINE);
            case "reject" -> Optional.of(REJECT);
            default -> Optional.empty();
        };
    }

    /** One step milder, for mail left out by pct= (RFC 7489 section 6.6.4). */
    DmarcPolicy milder() {
        return this == REJECT ? QUARANTINE : NONE;
    }

    public String keyword() {
        return name().toLowerCase(Locale.ROOT);
    }
}
