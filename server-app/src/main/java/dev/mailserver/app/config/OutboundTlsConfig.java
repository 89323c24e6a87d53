package dev.mailserver.app.config;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

import dev.mailserver.delivery.tlsrpt.TlsReportSender;

/**
 * The outbound TLS policy settings in effect: MTA-STS fetches, DANE's trust anchors, TLS-RPT reports.
 *
 * @param reports TLS-RPT reporting; empty when it is off
 */
public record OutboundTlsConfig(Duration stsFetchTimeout, int stsHttpsPort, String trustAnchors, Optional<TlsReportSender.Settings> reports) {
    public OutboundTlsConfig {
        Objects.requireNonNull(stsFetchTimeout, "stsFetchTimeout");
        Objects.requireNonNull(trustAnchors, "trustAnchors");
        Objects.requireNonNull(reports, "reports");
    }
}
