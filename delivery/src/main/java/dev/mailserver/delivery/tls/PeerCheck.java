package dev.mailserver.delivery.tls;

import java.util.List;
import java.util.Objects;

import dev.mailserver.delivery.dane.Tlsa;

/** What the server's certificate chain is checked against. */
public sealed interface PeerCheck {

    /** The outcome of a connection whose certificate passed this check. */
    TlsOutcome verifiedAs();

    /** No check: encryption without authentication. */
    record AnyCertificate() implements PeerCheck {
        @Override
        public TlsOutcome verifiedAs() {
            return TlsOutcome.UNTRUSTED;
        }
    }

    /**
     * A chain up to a trusted certificate (PKIX) whose end certificate names {@code hostName}.
     *
     * @param publicPki whether the JDK's certificates are trusted together with the trust store (MTA-STS
     *     means the public web PKI), or the trust store's alone ({@code verify})
     */
    record WebPki(String hostName, TlsOutcome verifiedAs, boolean publicPki) implements PeerCheck {
        public WebPki {
            Objects.requireNonNull(hostName, "hostName");
            Objects.requireNonNull(verifiedAs, "verifiedAs");
        }
    }

    /**
     * A chain that matches one of the usable TLSA records (RFC 7672 section 3); names are checked against
     * {@code hostName} for DANE-TA(2) only.
     */
    record Dane(List<Tlsa> records, String hostName) implements PeerCheck {
        public Dane {
            records = List.copyOf(records);
            Objects.requireNonNull(hostName, "hostName");
        }

        @Override
        public TlsOutcome verifiedAs() {
            return TlsOutcome.DANE_VERIFIED;
        }
    }
}
