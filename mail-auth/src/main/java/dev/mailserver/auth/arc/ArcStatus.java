package dev.mailserver.auth.arc;

import java.util.Locale;

/** The ARC chain's validation (RFC 8617 section 4.4), named as in Authentication-Results. */
public enum ArcStatus {
    NONE, PASS, FAIL;

    public String keyword() {
        return name().toLowerCase(Locale.ROOT);
    }
}
