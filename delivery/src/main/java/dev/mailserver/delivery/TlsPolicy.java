package dev.mailserver.delivery;

/**
 * How a delivery to a destination uses STARTTLS and what it asks of the server's certificate, after
 * Postfix's security levels ({@code smtp_tls_security_level}). Every attempt is logged with what it got
 * ({@link dev.mailserver.delivery.tls.TlsOutcome}).
 */
public enum TlsPolicy {
    /** Never: plain text even when the server offers STARTTLS. */
    NONE,
    /**
     * When the server offers STARTTLS, without insisting on its certificate: protects against eavesdropping,
     * not against an active attacker; most MX hosts need this.
     */
    MAY,
    /** Always STARTTLS (a server without it gets no mail, the mail waits), any certificate. */
    ENCRYPT,
    /** Always STARTTLS, with a certificate that is trusted (PKIX) and names the host. */
    VERIFY,
    /**
     * The destination's MTA-STS policy (RFC 8461): in {@code enforce} mode only its listed MX hosts, with
     * verified certificates; otherwise as {@link #MAY}, and failures are only reported.
     */
    MTA_STS,
    /**
     * DANE (RFC 7672) for MX hosts with DNSSEC-signed TLSA records; else the domain's MTA-STS policy, else as
     * {@link #MAY}.
     */
    DANE
}
