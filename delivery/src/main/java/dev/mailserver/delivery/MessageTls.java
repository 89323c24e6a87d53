package dev.mailserver.delivery;

import java.util.Locale;

import dev.mailserver.core.DeliveryResult;
import dev.mailserver.core.Envelope;
import dev.mailserver.core.mime.HeaderSection;

/**
 * What a message asks of the TLS to its next hop (RFC 8689). A message with REQUIRETLS goes only over TLS
 * with a validated certificate (PKIX and host name; MTA-STS and DANE plug in here), and only to a server that
 * offers REQUIRETLS itself; otherwise it fails with {@code 5.7.30}. A message with {@code TLS-Required: No}
 * (and no REQUIRETLS) asks that a required-TLS policy not stop it: it goes with opportunistic TLS, except to
 * a relay we log in to, whose password never travels over unverified TLS. Both get a connection of their
 * own, never one shared with mail under the hop's normal policy.
 */
enum MessageTls {
    HOP_POLICY,
    REQUIRE_VALIDATED,
    POLICY_OPTIONAL;

    /** @param header the message's header section */
    static MessageTls of(Envelope envelope, HeaderSection header) {
        if (envelope.options().requireTls()) {
            return REQUIRE_VALIDATED;
        }
        boolean optional = header.fields().stream().filter(field -> field.isNamed("TLS-Required")).findFirst()
            .map(field -> field.value().toLowerCase(Locale.ROOT).equals("no")).orElse(false);
        return optional ? POLICY_OPTIONAL : HOP_POLICY;
    }

    NextHop apply(NextHop hop) {
        return switch (this) {
            case HOP_POLICY -> hop;
            case REQUIRE_VALIDATED -> validates(hop.tls()) ? hop : hop.withTls(TlsPolicy.VERIFY);
            case POLICY_OPTIONAL -> insists(hop.tls()) && hop.credentials().isEmpty() ? hop.withTls(TlsPolicy.MAY) : hop;
        };
    }

    /** Policies under which a connection has a validated certificate, or is checked for one (see {@link #refusal}). */
    private static boolean validates(TlsPolicy policy) {
        return policy == TlsPolicy.VERIFY || policy == TlsPolicy.MTA_STS || policy == TlsPolicy.DANE;
    }

    private static boolean insists(TlsPolicy policy) {
        return policy != TlsPolicy.NONE && policy != TlsPolicy.MAY;
    }

    /** Whether the message may use the hop's cached connections. */
    boolean sharesConnections() {
        return this == HOP_POLICY;
    }

    /** The result of a failed connection: for REQUIRETLS mail a TLS failure is final. */
    DeliveryResult failure(SmtpConnector.ConnectFailure failure, SmtpHost host) {
        if (this == REQUIRE_VALIDATED && failure.isTlsFailure()) {
            return requireTlsFailure("no TLS with a validated certificate to " + host + ": " + failure.result().detail());
        }
        return failure.result();
    }

    /** Why REQUIRETLS mail cannot be relayed over this connection; null when it can. */
    DeliveryResult refusal(SmtpConnection connection) {
        if (this != REQUIRE_VALIDATED) {
            return null;
        }
        if (!connection.tls().isValidated()) {
            return requireTlsFailure("no TLS with a validated certificate to " + connection.host() + " (tls=" + connection.tls().logName() + ")");
        }
        return connection.offersRequireTls() ? null : requireTlsFailure("host " + connection.host() + " does not offer REQUIRETLS");
    }

    private static DeliveryResult requireTlsFailure(String detail) {
        return DeliveryResult.permanentFailure("5.7.30", "REQUIRETLS: " + detail);
    }
}
