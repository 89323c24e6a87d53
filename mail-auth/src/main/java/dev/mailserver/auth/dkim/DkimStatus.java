package dev.mailserver.auth.dkim;

import java.util.Locale;

/** What one DKIM signature came to, named as in Authentication-Results (RFC 8601 section 2.7.1). */
public enum DkimStatus {
    PASS, FAIL, NEUTRAL, POLICY, TEMPERROR, PERMERROR;

    public String keyword() {
        return name().toLowerCase(Locale.ROOT);
    }
}
