package dev.mailserver.delivery.tls;

import java.util.Optional;

/** Told the result of every connection that a published policy governs (for TLS-RPT, RFC 8460). */
@FunctionalInterface
public interface TlsResults {
    TlsResults NONE = (policy, mxHost, address, failureType) -> {
    };

    /**
     * @param mxHost the host connected to; empty when the policy itself could not be had
     * @param address its IP address; empty when the policy itself could not be had
     * @param failureType the TLS-RPT result type of a failure; empty for a successful session
     */
    void record(GoverningPolicy policy, String mxHost, String address, Optional<String> failureType);

    /** Tells this, then {@code other}. */
    default TlsResults andThen(TlsResults other) {
        return (policy, mxHost, address, failureType) -> {
            record(policy, mxHost, address, failureType);
            other.record(policy, mxHost, address, failureType);
        };
    }
}
