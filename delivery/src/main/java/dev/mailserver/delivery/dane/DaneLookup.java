package dev.mailserver.delivery.dane;

/** The DNSSEC-validated look-ups DANE needs (RFC 7672 section 2.2). */
public interface DaneLookup {

    /** Whether the domain's MX records are signed: DANE applies to its MX hosts only then. */
    Security mxSecurity(String domain);

    /** The TLSA records of {@code _port._tcp.host}, when they and the host's address records are signed. */
    TlsaAnswer tlsa(String host, int port);

    /** How far DNSSEC vouches for an answer. */
    sealed interface Security {
        record Secure() implements Security {
        }

        /** Not signed, or under no trust anchor. */
        record Insecure() implements Security {
        }

        /** Signed but not valid (bogus), or the look-up failed: nothing is known. */
        record Failed(String detail) implements Security {
        }
    }
}
