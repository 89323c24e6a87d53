package dev.mailserver.delivery.tls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import dev.mailserver.core.queue.MailQueue;
import dev.mailserver.delivery.dane.DnssecLookup;
import dev.mailserver.delivery.dns.DnsJavaResolver;
import dev.mailserver.delivery.https.HttpsClient;
import dev.mailserver.delivery.sts.StsPolicyCache;
import dev.mailserver.delivery.sts.StsPolicySource;
import dev.mailserver.delivery.tlsrpt.TlsReportSender;
import dev.mailserver.delivery.tlsrpt.TlsReporting;
import dev.mailserver.delivery.tlsrpt.TlsResultCollector;

/**
 * Everything outbound TLS policy needs, put together: MTA-STS (policies over HTTPS, cached), DANE
 * (DNSSEC look-ups) and, when enabled, TLS-RPT (results collected, reports sent each day). Its
 * {@link #planner()} and {@link #results()} go to {@link dev.mailserver.delivery.RemoteDelivery}.
 */
public final class OutboundTls implements AutoCloseable {
    private final HttpsClient https;
    private final TlsPlanner planner;
    private final TlsResults results;
    private final Optional<TlsReporting> reporting;

    /**
     * @param stsTimeout how long fetching a policy or posting a report may take
     * @param stsPort the HTTPS port of policy hosts: 443 (tests use another)
     * @param stateDirectory where fetched MTA-STS policies ({@code mta-sts/}) and the TLS report counts not
     *     yet sent ({@code tls-reports.json}) are kept across restarts; empty for memory only
     * @param trustAnchors DNSSEC trust anchors (DS or DNSKEY records in zone file format) for DANE
     * @param reports TLS-RPT reporting; empty when off (the results are still counted by {@code metrics})
     * @param reportInterval how often finished days are looked for and reported
     */
    public record Settings(Duration stsTimeout, int stsPort, Optional<Path> stateDirectory, String trustAnchors,
                           Optional<TlsReportSender.Settings> reports, Duration reportInterval) {
        public Settings {
            Objects.requireNonNull(stsTimeout, "stsTimeout");
            Objects.requireNonNull(stateDirectory, "stateDirectory");
            Objects.requireNonNull(trustAnchors, "trustAnchors");
            Objects.requireNonNull(reports, "reports");
            Objects.requireNonNull(reportInterval, "reportInterval");
        }
    }

    /**
     * @param dnsServers the name servers of {@code dns}, asked for DNSSEC-validated answers too
     * @param trustStore certificates trusted for policy hosts and report servers besides the JDK's
     * @param queue where report mails are queued
     * @param metrics told every result, whether reports are on or not
     */
    public OutboundTls(Settings settings, DnsJavaResolver dns, List<InetSocketAddress> dnsServers, Duration dnsTimeout,
                       Optional<KeyStore> trustStore, MailQueue queue, TlsResults metrics, Clock clock) {
        this.https = new HttpsClient(dns, trustStore, settings.stsTimeout());
        TlsResultCollector collector = new TlsResultCollector(clock, settings.stateDirectory().map(dir -> dir.resolve("tls-reports.json")));
        this.results = settings.reports().isPresent() ? metrics.andThen(collector) : metrics;
        this.planner = new TlsPlanner(new StsPolicySource(dns, https, new StsPolicyCache(settings.stateDirectory().map(dir -> dir.resolve("mta-sts"))), clock, settings.stsPort()),
            DnssecLookup.using(dnsServers, dnsTimeout, settings.trustAnchors()), results);
        this.reporting = settings.reports().map(report -> new TlsReporting(collector, new TlsReportSender(report, dns, https, queue, clock),
            settings.reportInterval()));
    }

    public TlsPlanner planner() {
        return planner;
    }

    public TlsResults results() {
        return results;
    }

    @Override
    public void close() {
        reporting.ifPresent(TlsReporting::close);
        try {
            https.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
