package dev.mailserver.delivery.tls;

import java.util.Objects;

/**
 * Why a certificate did not pass its check.
 *
 * @param resultType the TLS-RPT result type (RFC 8460 section 4.3), e.g. {@code certificate-host-mismatch}
 */
public record CertificateFailure(String resultType, String detail) {
    public CertificateFailure {
        Objects.requireNonNull(resultType, "resultType");
        Objects.requireNonNull(detail, "detail");
    }
}
