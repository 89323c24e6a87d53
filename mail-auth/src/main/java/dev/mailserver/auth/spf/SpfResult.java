package dev.mailserver.auth.spf;

import java.util.Locale;

/** The results of RFC 7208 section 2.6, named as in Authentication-Results. */
public enum SpfResult {
    NONE, NEUTRAL, PASS, FAIL, SOFTFAIL, TEMPERROR, PERMERROR;

    public String keyword() {
        return name().toLowerCase(Locale.ROOT);
    }
}
