package dev.mailserver.delivery.sts;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

import dev.mailserver.delivery.tls.CertificateNames;

/**
 * An MTA-STS policy (RFC 8461 section 3.2).
 *
 * @param id the {@code id} of the domain's {@code _mta-sts} TXT record it was fetched for
 * @param mx the MX host patterns: {@code mx.example.org} or {@code *.example.org}
 * @param text the policy as fetched, for TLS-RPT reports
 */
public record StsPolicy(String id, Mode mode, List<String> mx, Duration maxAge, String text) {
    public StsPolicy {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(mode, "mode");
        mx = List.copyOf(mx);
        Objects.requireNonNull(maxAge, "maxAge");
        Objects.requireNonNull(text, "text");
    }

    public enum Mode {
        ENFORCE, TESTING, NONE
    }

    /** Whether the policy lists this MX host. */
    public boolean allows(String mxHost) {
        return mx.stream().anyMatch(pattern -> CertificateNames.matches(pattern, mxHost));
    }

    /** The policy's lines, as TLS-RPT's {@code policy-string} wants them. */
    public List<String> lines() {
        return text.lines().map(String::strip).filter(line -> !line.isEmpty()).toList();
    }
}
