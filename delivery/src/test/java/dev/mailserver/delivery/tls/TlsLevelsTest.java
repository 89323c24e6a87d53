package dev.mailserver.delivery.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.apache.james.core.Domain;
import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.mailserver.core.DeliveryResult;
import dev.mailserver.core.MessageContent;
import dev.mailserver.delivery.RecipientOutcome;
import dev.mailserver.delivery.RemoteDelivery;
import dev.mailserver.delivery.RemoteDeliverySettings;
import dev.mailserver.delivery.TlsPolicy;
import dev.mailserver.delivery.dns.DnsJavaResolver;
import dev.mailserver.delivery.testing.TestCa;
import dev.mailserver.delivery.testing.TestDnsServer;
import dev.mailserver.delivery.testing.TestSmtpServer;

/** The fixed TLS levels per destination (none, may, encrypt, verify) against a fake MX host on loopback. */
class TlsLevelsTest {
    private TestDnsServer dns;
    private TestSmtpServer mx;
    private RemoteDelivery remote;
    private TestCa ca;

    @BeforeEach
    void start() throws Exception {
        dns = TestDnsServer.start();
        mx = TestSmtpServer.start(InetAddress.getByName("127.0.0.2"), 0);
        dns.mx("remote.test", 10, "mx1.remote.test").address("mx1.remote.test", "127.0.0.2");
        ca = TestCa.create("Test CA");
    }

    @AfterEach
    void stop() throws Exception {
        if (remote != null) {
            remote.close();
        }
        mx.close();
        dns.close();
    }

    @Test
    void noneSendsInPlainTextEvenWhenTheServerOffersStartTls() throws Exception {
        mx.offerTls(TestCa.selfSigned("mx1.remote.test").serverContext());

        RecipientOutcome outcome = deliverWith(TlsPolicy.NONE);

        assertThat(outcome.result().outcome()).isEqualTo(DeliveryResult.Outcome.DELIVERED);
        assertThat(outcome.tls()).isEqualTo(TlsOutcome.NONE);
        assertThat(mx.received()).singleElement().satisfies(received -> assertThat(received.overTls()).isFalse());
    }

    @Test
    void mayUsesStartTlsWithAnyCertificateAndSaysItIsUntrusted() throws Exception {
        mx.offerTls(TestCa.selfSigned("other.test").serverContext());

        RecipientOutcome outcome = deliverWith(TlsPolicy.MAY);

        assertThat(outcome.result().outcome()).isEqualTo(DeliveryResult.Outcome.DELIVERED);
        assertThat(outcome.tls()).isEqualTo(TlsOutcome.UNTRUSTED);
        assertThat(mx.received()).singleElement().satisfies(received -> assertThat(received.overTls()).isTrue());
    }

    @Test
    void maySendsInPlainTextToAServerWithoutStartTls() throws Exception {
        RecipientOutcome outcome = deliverWith(TlsPolicy.MAY);

        assertThat(outcome.result().outcome()).isEqualTo(DeliveryResult.Outcome.DELIVERED);
        assertThat(outcome.tls()).isEqualTo(TlsOutcome.NONE);
    }

    @Test
    void encryptDefersMailToAServerWithoutStartTls() throws Exception {
        RecipientOutcome outcome = deliverWith(TlsPolicy.ENCRYPT);

        assertThat(outcome.result().outcome()).isEqualTo(DeliveryResult.Outcome.TEMPORARY_FAILURE);
        assertThat(outcome.result().detail()).contains("STARTTLS");
        assertThat(mx.received()).isEmpty();
    }

    @Test
    void encryptTakesASelfSignedCertificate() throws Exception {
        mx.offerTls(TestCa.selfSigned("mx1.remote.test").serverContext());

        RecipientOutcome outcome = deliverWith(TlsPolicy.ENCRYPT);

        assertThat(outcome.result().outcome()).isEqualTo(DeliveryResult.Outcome.DELIVERED);
        assertThat(outcome.tls()).isEqualTo(TlsOutcome.UNTRUSTED);
    }

    @Test
    void verifyTakesACertificateOfATrustedAuthorityThatNamesTheMxHost() throws Exception {
        mx.offerTls(ca.issue("mx1.remote.test").serverContext());

        RecipientOutcome outcome = deliverWith(TlsPolicy.VERIFY);

        assertThat(outcome.result().outcome()).as(outcome.result().toString()).isEqualTo(DeliveryResult.Outcome.DELIVERED);
        assertThat(outcome.tls()).isEqualTo(TlsOutcome.PKIX_VERIFIED);
        assertThat(outcome.tls().isValidated()).isTrue();
    }

    @Test
    void verifyRefusesACertificateForAnotherHost() throws Exception {
        mx.offerTls(ca.issue("mx9.remote.test").serverContext());

        RecipientOutcome outcome = deliverWith(TlsPolicy.VERIFY);

        assertThat(outcome.result().outcome()).isEqualTo(DeliveryResult.Outcome.TEMPORARY_FAILURE);
        assertThat(outcome.result().enhancedStatus()).isEqualTo("4.7.5");
        assertThat(outcome.result().detail()).contains("does not name mx1.remote.test");
        assertThat(mx.received()).isEmpty();
    }

    @Test
    void verifyRefusesAnExpiredCertificate() throws Exception {
        mx.offerTls(ca.issue(Duration.ofDays(-1), "mx1.remote.test").serverContext());

        RecipientOutcome outcome = deliverWith(TlsPolicy.VERIFY);

        assertThat(outcome.result().enhancedStatus()).isEqualTo("4.7.5");
        assertThat(outcome.result().detail()).contains("expired");
    }

    @Test
    void verifyRefusesASelfSignedCertificate() throws Exception {
        mx.offerTls(TestCa.selfSigned("mx1.remote.test").serverContext());

        RecipientOutcome outcome = deliverWith(TlsPolicy.VERIFY);

        assertThat(outcome.result().enhancedStatus()).isEqualTo("4.7.5");
        assertThat(outcome.result().detail()).contains("not trusted");
    }

    @Test
    void theDomainsOwnPolicyWinsOverTheDefault() throws Exception {
        mx.offerTls(TestCa.selfSigned("mx1.remote.test").serverContext());
        remote = new RemoteDelivery(settings().tls(TlsPolicy.VERIFY).tlsPolicies(Map.of(Domain.of("remote.test"), TlsPolicy.MAY)).build(), resolver());

        assertThat(deliver().tls()).isEqualTo(TlsOutcome.UNTRUSTED);
    }

    private RecipientOutcome deliverWith(TlsPolicy policy) throws Exception {
        remote = new RemoteDelivery(settings().tlsPolicies(Map.of(Domain.of("remote.test"), policy)).build(), resolver());
        return deliver();
    }

    private RecipientOutcome deliver() throws Exception {
        List<RecipientOutcome> outcomes = remote.deliver(MaybeSender.getMailSender("alice@example.test"), Domain.of("remote.test"),
            new ArrayList<>(List.of(new MailAddress("bob@remote.test"))),
            MessageContent.ofBytes("Subject: hi\r\n\r\nhello\r\n".getBytes(StandardCharsets.US_ASCII)));
        return outcomes.get(0);
    }

    private RemoteDeliverySettings.Builder settings() throws Exception {
        return RemoteDeliverySettings.builder("client.example.test").port(mx.port()).selfAddresses(Set.of())
            .connectTimeout(Duration.ofSeconds(5)).commandTimeout(Duration.ofSeconds(5)).trustStore(Optional.of(ca.trustStore()));
    }

    private DnsJavaResolver resolver() {
        return DnsJavaResolver.using(List.of(dns.address()), Duration.ofSeconds(2));
    }
}
