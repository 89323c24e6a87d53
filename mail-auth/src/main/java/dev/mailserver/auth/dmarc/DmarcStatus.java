package dev.mailserver.auth.dmarc;

import java.util.Locale;

/** The DMARC result, named as in Authentication-Results (RFC 7489 section 11.2). */
public enum DmarcStatus {
    PASS, FAIL, NONE, TEMPERROR, PERMERROR;

    public String keyword() {
        return name().toLowerCase(Locale.ROOT);
    }
}
