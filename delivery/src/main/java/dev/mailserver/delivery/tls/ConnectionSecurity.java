package dev.mailserver.delivery.tls;

import java.util.Objects;
import java.util.Optional;

/**
 * How one connection to one host uses TLS.
 *
 * @param startTls whether STARTTLS is skipped, used when offered, or required
 * @param check what the certificate is checked against
 * @param enforced whether a failed check ends the connection; when not, it is only reported (MTA-STS
 *     {@code testing} mode, opportunistic TLS)
 * @param policy the published policy that governs the connection, for TLS-RPT (RFC 8460)
 */
public record ConnectionSecurity(StartTls startTls, PeerCheck check, boolean enforced, Optional<GoverningPolicy> policy) {
    public ConnectionSecurity {
        Objects.requireNonNull(startTls, "startTls");
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(policy, "policy");
    }

    public enum StartTls {
        NEVER, IF_OFFERED, REQUIRED
    }

    public static final ConnectionSecurity PLAIN = new ConnectionSecurity(StartTls.NEVER, new PeerCheck.AnyCertificate(), false, Optional.empty());
    public static final ConnectionSecurity OPPORTUNISTIC =
        new ConnectionSecurity(StartTls.IF_OFFERED, new PeerCheck.AnyCertificate(), false, Optional.empty());
    public static final ConnectionSecurity ENCRYPTED =
        new ConnectionSecurity(StartTls.REQUIRED, new PeerCheck.AnyCertificate(), false, Optional.empty());
}
