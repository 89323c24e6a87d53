package dev.mailserver.delivery.tls;

/** What one SMTP connection got: no TLS, TLS with a certificate nobody vouched for, or a verified one. */
public enum TlsOutcome {
    NONE("none"),
    UNTRUSTED("untrusted"),
    /** A certificate trusted by the trust store (PKIX) that names the host. */
    PKIX_VERIFIED("verified"),
    /** A certificate that matches the host's DNSSEC-signed TLSA records (RFC 7672). */
    DANE_VERIFIED("dane-verified"),
    /** A verified certificate of an MX host listed by the domain's MTA-STS policy (RFC 8461). */
    STS_VERIFIED("sts-verified");

    private final String logName;

    TlsOutcome(String logName) {
        this.logName = logName;
    }

    /** Whether the server's certificate was validated (what REQUIRETLS, RFC 8689, asks for). */
    public boolean isValidated() {
        return this == PKIX_VERIFIED || this == DANE_VERIFIED || this == STS_VERIFIED;
    }

    /** As in the delivery log's {@code tls=} field. */
    public String logName() {
        return logName;
    }
}
