package dev.mailserver.delivery.tls;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.apache.james.core.Domain;
import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;

import dev.mailserver.core.Envelope;
import dev.mailserver.core.MessageContent;
import dev.mailserver.delivery.RecipientOutcome;
import dev.mailserver.delivery.RemoteDelivery;
import dev.mailserver.delivery.RemoteDeliverySettings;
import dev.mailserver.delivery.TlsPolicy;
import dev.mailserver.delivery.dane.DaneLookup;
import dev.mailserver.delivery.dane.DnssecLookup;
import dev.mailserver.delivery.dns.DnsJavaResolver;
import dev.mailserver.delivery.https.HttpsClient;
import dev.mailserver.delivery.sts.StsPolicyCache;
import dev.mailserver.delivery.sts.StsPolicySource;
import dev.mailserver.delivery.testing.TestCa;
import dev.mailserver.delivery.testing.TestDnsServer;
import dev.mailserver.delivery.testing.TestPolicyServer;
import dev.mailserver.delivery.testing.TestSignedZone;
import dev.mailserver.delivery.testing.TestSmtpServer;

/**
 * Loopback world for outbound TLS tests: a test DNS server, the MX host {@code mx1.remote.test} on
 * 127.0.0.2, a test CA trusted by the client, and (when asked for) an MTA-STS policy server for
 * {@code remote.test} on 127.0.0.1.
 */
final class OutboundTlsFixture implements AutoCloseable {
    static final String DOMAIN = "remote.test";

    final TestDnsServer dns;
    final TestSmtpServer mx;
    final TestCa ca;
    private final List<String> reported = new ArrayList<>();
    private final List<AutoCloseable> closing = new ArrayList<>();
    private TestPolicyServer policyServer;
    /** Also told every result (e.g. a TLS-RPT collector). */
    TlsResults alsoTold = TlsResults.NONE;

    OutboundTlsFixture() throws Exception {
        dns = TestDnsServer.start();
        mx = TestSmtpServer.start(InetAddress.getByName("127.0.0.2"), 0);
        dns.mx(DOMAIN, 10, "mx1.remote.test").address("mx1.remote.test", "127.0.0.2");
        ca = TestCa.create("Test CA");
    }

    /** Publishes an MTA-STS policy for remote.test with this id; the server's certificate is from the test CA. */
    TestPolicyServer publishPolicy(String id, String policy) throws Exception {
        policyServer();
        dns.replaceTxt("_mta-sts." + DOMAIN, "v=STSv1; id=" + id + ";");
        return policyServer.policy(policy);
    }

    /** Serves remote.test from a DNSSEC-signed zone (MX mx1.remote.test, its address), in place of the plain records. */
    TestSignedZone signZone() throws Exception {
        TestSignedZone zone = new TestSignedZone(DOMAIN).mx(DOMAIN, 10, "mx1.remote.test").address("mx1.remote.test", "127.0.0.2");
        dns.zone(zone);
        return zone;
    }

    DnssecLookup dnssec(TestSignedZone zone) {
        return DnssecLookup.using(List.of(dns.address()), Duration.ofSeconds(2), zone.trustAnchor());
    }

    /** The HTTPS server of mta-sts.remote.test (127.0.0.1), with a certificate of the test CA. */
    TestPolicyServer policyServer() throws Exception {
        if (policyServer == null) {
            policyServer = TestPolicyServer.start(ca.issue("mta-sts." + DOMAIN).serverContext());
            dns.address("mta-sts." + DOMAIN, "127.0.0.1");
        }
        return policyServer;
    }

    static String enforce(String... mx) {
        return policy("enforce", mx);
    }

    static String policy(String mode, String... mx) {
        StringBuilder text = new StringBuilder("version: STSv1\r\nmode: " + mode + "\r\n");
        for (String host : mx) {
            text.append("mx: ").append(host).append("\r\n");
        }
        return text.append("max_age: 86400\r\n").toString();
    }

    RemoteDeliverySettings.Builder settings() throws Exception {
        return RemoteDeliverySettings.builder("client.example.test").port(mx.port()).selfAddresses(Set.of())
            .connectTimeout(Duration.ofSeconds(5)).commandTimeout(Duration.ofSeconds(5)).trustStore(Optional.of(ca.trustStore()));
    }

    /** A new resolver: its own DNS cache, as after a restart. */
    DnsJavaResolver resolver() {
        return DnsJavaResolver.using(List.of(dns.address()), Duration.ofSeconds(2));
    }

    /** A planner with MTA-STS (policies kept in {@code cacheDirectory}) and, when given, DANE. */
    TlsPlanner planner(Path cacheDirectory, DaneLookup dane) throws Exception {
        DnsJavaResolver resolver = resolver();
        HttpsClient https = new HttpsClient(resolver, Optional.of(ca.trustStore()), Duration.ofSeconds(5));
        closing.add(https);
        int port = policyServer == null ? 443 : policyServer.port();
        return new TlsPlanner(new StsPolicySource(resolver, https, new StsPolicyCache(Optional.of(cacheDirectory)), Clock.systemUTC(), port),
            dane, this::report);
    }

    private void report(GoverningPolicy policy, String mxHost, String address, Optional<String> failureType) {
        alsoTold.record(policy, mxHost, address, failureType);
        synchronized (reported) {
            reported.add(policy.type() + " " + policy.domain() + " " + (mxHost.isEmpty() ? "-" : mxHost) + " " + failureType.orElse("success"));
        }
    }

    List<String> reported() {
        synchronized (reported) {
            return List.copyOf(reported);
        }
    }

    RecipientOutcome deliver(TlsPolicy policy) throws Exception {
        return deliver(new RemoteDelivery(settings().tlsPolicies(Map.of(Domain.of(DOMAIN), policy)).build(), resolver()));
    }

    RecipientOutcome deliver(TlsPolicy policy, TlsPlanner planner) throws Exception {
        return deliver(new RemoteDelivery(settings().tlsPolicies(Map.of(Domain.of(DOMAIN), policy)).build(), resolver(), planner, this::report));
    }

    RecipientOutcome deliver(RemoteDelivery remote) throws Exception {
        try (remote) {
            return remote.deliver(new Envelope(MaybeSender.getMailSender("alice@example.test"), List.of(new MailAddress("bob@" + DOMAIN))),
                Domain.of(DOMAIN), MessageContent.ofBytes("Subject: hi\r\n\r\nhello\r\n".getBytes(StandardCharsets.US_ASCII)))
                .get(0);
        }
    }

    @Override
    public void close() throws Exception {
        for (AutoCloseable resource : closing) {
            resource.close();
        }
        if (policyServer != null) {
            policyServer.close();
        }
        mx.close();
        dns.close();
    }
}
