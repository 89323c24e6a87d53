package dev.mailserver.auth.dmarc;

import java.util.List;
import java.util.Locale;

import com.google.common.net.InternetDomainName;

/**
 * The organizational domain of RFC 7489 section 3.2: the public suffix plus one label, after the Public
 * Suffix List that Guava embeds (refreshed with every Guava release, so no dated copy is shipped).
 */
public final class OrganizationalDomain {
    private OrganizationalDomain() {
    }

    public static String of(String domain) {
        String lower = domain.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".")) {
            lower = lower.substring(0, lower.length() - 1);
        }
        try {
            InternetDomainName name = InternetDomainName.from(lower);
            if (name.isUnderPublicSuffix()) {
                return name.topPrivateDomain().toString();
            }
            // the list's implicit rule "*": an unlisted top-level domain is a public suffix
            List<String> labels = name.parts();
            return name.isPublicSuffix() || labels.size() <= 2 ? lower : String.join(".", labels.subList(labels.size() - 2, labels.size()));
        } catch (IllegalArgumentException e) {
            return lower;
        }
    }

    /** Relaxed alignment: the same organizational domain; strict: the same domain. */
    static boolean aligned(String a, String b, boolean strict) {
        return strict ? a.equalsIgnoreCase(b) : of(a).equals(of(b));
    }
}
