package dev.mailserver.delivery.tls;

import static dev.mailserver.delivery.tls.OutboundTlsFixture.enforce;
import static dev.mailserver.delivery.tls.OutboundTlsFixture.policy;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.mailserver.core.DeliveryResult;
import dev.mailserver.delivery.RecipientOutcome;
import dev.mailserver.delivery.TlsPolicy;
import dev.mailserver.delivery.https.HttpsClient;
import dev.mailserver.delivery.sts.StsPolicyCache;
import dev.mailserver.delivery.sts.StsPolicySource;
import dev.mailserver.delivery.testing.TestCa;
import dev.mailserver.delivery.testing.TestPolicyServer;

/**
 * MTA-STS (RFC 8461) end to end on loopback: the policy announced in the test DNS, served by an HTTPS
 * server whose name resolves through that DNS, and a fake MX host with a test CA or self-signed certificate.
 */
class MtaStsDeliveryTest {
    @TempDir
    Path cache;
    private OutboundTlsFixture world;

    @BeforeEach
    void start() throws Exception {
        world = new OutboundTlsFixture();
    }

    @AfterEach
    void stop() throws Exception {
        world.close();
    }

    @Test
    void enforceDeliversToAListedMxHostWithAValidCertificate() throws Exception {
        world.publishPolicy("20261201", enforce("*.remote.test"));
        world.mx.offerTls(world.ca.issue("mx1.remote.test").serverContext());

        RecipientOutcome outcome = world.deliver(TlsPolicy.MTA_STS, world.planner(cache, null));

        assertThat(outcome.result().outcome()).as(outcome.result().toString()).isEqualTo(DeliveryResult.Outcome.DELIVERED);
        assertThat(outcome.tls()).isEqualTo(TlsOutcome.STS_VERIFIED);
        assertThat(world.reported()).containsExactly("sts remote.test mx1.remote.test success");
    }

    @Test
    void enforceRefusesAnMxHostWithASelfSignedCertificate() throws Exception {
        world.publishPolicy("1", enforce("mx1.remote.test"));
        world.mx.offerTls(TestCa.selfSigned("mx1.remote.test").serverContext());

        RecipientOutcome outcome = world.deliver(TlsPolicy.MTA_STS, world.planner(cache, null));

        assertThat(outcome.result().outcome()).isEqualTo(DeliveryResult.Outcome.TEMPORARY_FAILURE);
        assertThat(outcome.result().enhancedStatus()).isEqualTo("4.7.5");
        assertThat(world.mx.received()).isEmpty();
        assertThat(world.reported()).containsExactly("sts remote.test mx1.remote.test certificate-not-trusted");
    }

    @Test
    void enforceRefusesAnMxHostWithoutStartTls() throws Exception {
        world.publishPolicy("1", enforce("mx1.remote.test"));

        RecipientOutcome outcome = world.deliver(TlsPolicy.MTA_STS, world.planner(cache, null));

        assertThat(outcome.result().outcome()).isEqualTo(DeliveryResult.Outcome.TEMPORARY_FAILURE);
        assertThat(world.mx.received()).isEmpty();
        assertThat(world.reported()).containsExactly("sts remote.test mx1.remote.test starttls-not-supported");
    }

    @Test
    void enforceDoesNotConnectToAnMxHostThePolicyDoesNotList() throws Exception {
        world.publishPolicy("1", enforce("mx.elsewhere.test"));
        world.mx.offerTls(world.ca.issue("mx1.remote.test").serverContext());

        RecipientOutcome outcome = world.deliver(TlsPolicy.MTA_STS, world.planner(cache, null));

        assertThat(outcome.result().enhancedStatus()).isEqualTo("4.7.5");
        assertThat(outcome.result().detail()).contains("not listed in the MTA-STS policy of remote.test");
        assertThat(world.mx.connections()).isZero();
    }

    @Test
    void testingModeDeliversDespiteABadCertificateAndReportsIt() throws Exception {
        world.publishPolicy("1", policy("testing", "mx1.remote.test"));
        world.mx.offerTls(TestCa.selfSigned("mx1.remote.test").serverContext());

        RecipientOutcome outcome = world.deliver(TlsPolicy.MTA_STS, world.planner(cache, null));

        assertThat(outcome.result().outcome()).isEqualTo(DeliveryResult.Outcome.DELIVERED);
        assertThat(outcome.tls()).isEqualTo(TlsOutcome.UNTRUSTED);
        assertThat(world.reported()).containsExactly("sts remote.test mx1.remote.test certificate-not-trusted");
    }

    @Test
    void testingModeSaysStsVerifiedForAListedHostWithAValidCertificate() throws Exception {
        world.publishPolicy("1", policy("testing", "mx1.remote.test"));
        world.mx.offerTls(world.ca.issue("mx1.remote.test").serverContext());

        assertThat(world.deliver(TlsPolicy.MTA_STS, world.planner(cache, null)).tls()).isEqualTo(TlsOutcome.STS_VERIFIED);
        assertThat(world.reported()).containsExactly("sts remote.test mx1.remote.test success");
    }

    @Test
    void withoutAPolicyTheMailGoesAsWithMay() throws Exception {
        world.mx.offerTls(TestCa.selfSigned("mx1.remote.test").serverContext());

        RecipientOutcome outcome = world.deliver(TlsPolicy.MTA_STS, world.planner(cache, null));

        assertThat(outcome.result().outcome()).isEqualTo(DeliveryResult.Outcome.DELIVERED);
        assertThat(outcome.tls()).isEqualTo(TlsOutcome.UNTRUSTED);
        assertThat(world.reported()).isEmpty();
    }

    @Test
    void aRedirectIsNotFollowedAndTheFetchErrorIsReported() throws Exception {
        TestPolicyServer server = world.publishPolicy("1", enforce("mx1.remote.test"));
        server.answer("/.well-known/mta-sts.txt", new TestPolicyServer.Answer(302, "text/plain", "",
            Map.of("Location", "https://mta-sts.remote.test:" + server.port() + "/elsewhere")));
        server.answer("/elsewhere", new TestPolicyServer.Answer(200, "text/plain", enforce("mx1.remote.test"), Map.of()));
        world.mx.offerTls(TestCa.selfSigned("mx1.remote.test").serverContext());

        RecipientOutcome outcome = world.deliver(TlsPolicy.MTA_STS, world.planner(cache, null));

        assertThat(outcome.result().outcome()).isEqualTo(DeliveryResult.Outcome.DELIVERED);
        assertThat(server.requests()).containsExactly("GET /.well-known/mta-sts.txt");
        assertThat(world.reported()).containsExactly("sts remote.test - sts-policy-fetch-error");
    }

    @Test
    void aFailedFetchIsNotTriedAgainForEveryMessage() throws Exception {
        TestPolicyServer server = world.publishPolicy("1", enforce("mx1.remote.test"));
        server.answer("/.well-known/mta-sts.txt", new TestPolicyServer.Answer(503, "text/plain", "busy", Map.of()));
        TlsPlanner planner = world.planner(cache, null);

        world.deliver(TlsPolicy.MTA_STS, planner);
        world.deliver(TlsPolicy.MTA_STS, planner);

        assertThat(server.requests()).hasSize(1);
        assertThat(world.reported()).containsExactly("sts remote.test - sts-policy-fetch-error", "sts remote.test - sts-policy-fetch-error");
    }

    @Test
    void aPolicyThatIsNotPlainTextOrTooLargeIsNotUsed() throws Exception {
        TestPolicyServer server = world.publishPolicy("1", enforce("mx.elsewhere.test"));
        server.answer("/.well-known/mta-sts.txt", new TestPolicyServer.Answer(200, "text/html", enforce("mx.elsewhere.test"), Map.of()));
        world.mx.offerTls(TestCa.selfSigned("mx1.remote.test").serverContext());

        assertThat(world.deliver(TlsPolicy.MTA_STS, world.planner(cache, null)).result().outcome()).isEqualTo(DeliveryResult.Outcome.DELIVERED);

        server.policy(enforce("mx.elsewhere.test") + "# padding\r\n".repeat(8_000));
        assertThat(world.deliver(TlsPolicy.MTA_STS, world.planner(cache, null)).result().outcome()).isEqualTo(DeliveryResult.Outcome.DELIVERED);
        assertThat(world.reported()).containsExactly("sts remote.test - sts-policy-invalid",
            "sts remote.test - sts-policy-fetch-error");
    }

    @Test
    void aPolicyServerWithAnUntrustedCertificateIsReportedAsWebPkiInvalid() throws Exception {
        try (TestPolicyServer impostor = TestPolicyServer.start(TestCa.selfSigned("mta-sts.remote.test").serverContext())) {
            impostor.policy(enforce("mx1.remote.test"));
            world.dns.address("mta-sts.remote.test", "127.0.0.1").replaceTxt("_mta-sts.remote.test", "v=STSv1; id=1;");
            List<String> reported = new ArrayList<>();
            try (HttpsClient https = new HttpsClient(world.resolver(), Optional.of(world.ca.trustStore()), Duration.ofSeconds(5))) {
                TlsPlanner planner = new TlsPlanner(new StsPolicySource(world.resolver(), https, new StsPolicyCache(Optional.empty()),
                    Clock.systemUTC(), impostor.port()), null, (policy, host, address, failure) -> reported.add(policy.type() + " " + failure.orElse("success")));

                world.deliver(TlsPolicy.MTA_STS, planner);
            }

            assertThat(reported).containsExactly("sts sts-webpki-invalid");
        }
    }

    @Test
    void aCachedPolicyIsUsedWhileItsIdIsUnchangedAndRefetchedWhenItChanges() throws Exception {
        TestPolicyServer server = world.publishPolicy("1", enforce("mx1.remote.test"));
        world.mx.offerTls(world.ca.issue("mx1.remote.test").serverContext());
        world.deliver(TlsPolicy.MTA_STS, world.planner(cache, null));
        assertThat(Files.readString(cache.resolve("remote.test.txt"))).startsWith("1\n").contains("mode: enforce");

        // A new planner reads the policy kept on disk, as after a restart, and does not fetch it again.
        assertThat(world.deliver(TlsPolicy.MTA_STS, world.planner(cache, null)).tls()).isEqualTo(TlsOutcome.STS_VERIFIED);
        assertThat(server.requests()).hasSize(1);

        world.publishPolicy("2", enforce("mx.elsewhere.test"));
        RecipientOutcome afterChange = world.deliver(TlsPolicy.MTA_STS, world.planner(cache, null));

        assertThat(server.requests()).hasSize(2);
        assertThat(afterChange.result().detail()).contains("not listed");
    }

    @Test
    void aCachedPolicyStaysWhenANewIdCannotBeFetched() throws Exception {
        TestPolicyServer server = world.publishPolicy("1", enforce("mx.elsewhere.test"));
        world.deliver(TlsPolicy.MTA_STS, world.planner(cache, null));
        world.publishPolicy("2", enforce("mx1.remote.test"));
        server.answer("/.well-known/mta-sts.txt", new TestPolicyServer.Answer(500, "text/plain", "down", Map.of()));

        RecipientOutcome outcome = world.deliver(TlsPolicy.MTA_STS, world.planner(cache, null));

        assertThat(outcome.result().detail()).contains("not listed");
        assertThat(server.requests()).hasSize(2);
    }

    @Test
    void aCachedPolicyStaysWhenTheAnnouncementDisappears() throws Exception {
        world.publishPolicy("1", enforce("mx.elsewhere.test"));
        world.deliver(TlsPolicy.MTA_STS, world.planner(cache, null));
        world.dns.replaceTxt("_mta-sts.remote.test", "v=spf1 -all");

        RecipientOutcome outcome = world.deliver(TlsPolicy.MTA_STS, world.planner(cache, null));

        assertThat(outcome.result().detail()).contains("not listed");
    }
}
