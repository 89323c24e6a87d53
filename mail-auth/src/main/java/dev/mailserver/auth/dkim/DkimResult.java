package dev.mailserver.auth.dkim;

import java.util.Objects;

/**
 * The verdict on one DKIM-Signature field.
 *
 * @param domain the signing domain (d=), empty when the field could not be read that far
 * @param selector s=, or empty
 * @param algorithm a= as written, or empty
 * @param signaturePrefix the first characters of b=, which tell signatures apart in Authentication-Results (RFC 6008)
 * @param reason why it did not pass, for logs and the header comment; empty on a clean pass
 */
public record DkimResult(DkimStatus status, String domain, String selector, String algorithm, String signaturePrefix, String reason) {
    public DkimResult {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(selector, "selector");
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(signaturePrefix, "signaturePrefix");
        Objects.requireNonNull(reason, "reason");
    }

    public boolean passed() {
        return status == DkimStatus.PASS;
    }
}
