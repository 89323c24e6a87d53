package dev.mailserver.delivery.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;

import org.apache.james.core.Domain;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.mailserver.core.DeliveryResult;
import dev.mailserver.delivery.RecipientOutcome;
import dev.mailserver.delivery.RemoteDelivery;
import dev.mailserver.delivery.TlsPolicy;
import dev.mailserver.delivery.testing.TestCa;

/** The fixed TLS levels per destination (none, may, encrypt, verify) against a fake MX host on loopback. */
class TlsLevelsTest {
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
    void noneSendsInPlainTextEvenWhenTheServerOffersStartTls() throws Exception {
        world.mx.offerTls(TestCa.selfSigned("mx1.remote.test").serverContext());

        RecipientOutcome outcome = world.deliver(TlsPolicy.NONE);

        assertThat(outcome.result().outcome()).isEqualTo(DeliveryResult.Outcome.DELIVERED);
        assertThat(outcome.tls()).isEqualTo(TlsOutcome.NONE);
        assertThat(world.mx.received()).singleElement().satisfies(received -> assertThat(received.overTls()).isFalse());
    }

    @Test
    void mayUsesStartTlsWithAnyCertificateAndSaysItIsUntrusted() throws Exception {
        world.mx.offerTls(TestCa.selfSigned("other.test").serverContext());

        RecipientOutcome outcome = world.deliver(TlsPolicy.MAY);

        assertThat(outcome.result().outcome()).isEqualTo(DeliveryResult.Outcome.DELIVERED);
        assertThat(outcome.tls()).isEqualTo(TlsOutcome.UNTRUSTED);
        assertThat(world.mx.received()).singleElement().satisfies(received -> assertThat(received.overTls()).isTrue());
    }

    @Test
    void maySendsInPlainTextToAServerWithoutStartTls() throws Exception {
        RecipientOutcome outcome = world.deliver(TlsPolicy.MAY);

        assertThat(outcome.result().outcome()).isEqualTo(DeliveryResult.Outcome.DELIVERED);
        assertThat(outcome.tls()).isEqualTo(TlsOutcome.NONE);
    }

    @Test
    void encryptDefersMailToAServerWithoutStartTls() throws Exception {
        RecipientOutcome outcome = world.deliver(TlsPolicy.ENCRYPT);

        assertThat(outcome.result().outcome()).isEqualTo(DeliveryResult.Outcome.TEMPORARY_FAILURE);
        assertThat(outcome.result().detail()).contains("STARTTLS");
        assertThat(world.mx.received()).isEmpty();
    }

    @Test
    void encryptTakesASelfSignedCertificate() throws Exception {
        world.mx.offerTls(TestCa.selfSigned("mx1.remote.test").serverContext());

        RecipientOutcome outcome = world.deliver(TlsPolicy.ENCRYPT);

        assertThat(outcome.result().outcome()).isEqualTo(DeliveryResult.Outcome.DELIVERED);
        assertThat(outcome.tls()).isEqualTo(TlsOutcome.UNTRUSTED);
    }

    @Test
    void verifyTakesACertificateOfATrustedAuthorityThatNamesTheMxHost() throws Exception {
        world.mx.offerTls(world.ca.issue("mx1.remote.test").serverContext());

        RecipientOutcome outcome = world.deliver(TlsPolicy.VERIFY);

        assertThat(outcome.result().outcome()).as(outcome.result().toString()).isEqualTo(DeliveryResult.Outcome.DELIVERED);
        assertThat(outcome.tls()).isEqualTo(TlsOutcome.PKIX_VERIFIED);
        assertThat(outcome.tls().isValidated()).isTrue();
    }

    @Test
    void verifyRefusesACertificateForAnotherHost() throws Exception {
        world.mx.offerTls(world.ca.issue("mx9.remote.test").serverContext());

        RecipientOutcome outcome = world.deliver(TlsPolicy.VERIFY);

        assertThat(outcome.result().outcome()).isEqualTo(DeliveryResult.Outcome.TEMPORARY_FAILURE);
        assertThat(outcome.result().enhancedStatus()).isEqualTo("4.7.5");
        assertThat(outcome.result().detail()).contains("does not name mx1.remote.test");
        assertThat(world.mx.received()).isEmpty();
    }

    @Test
    void verifyRefusesAnExpiredCertificate() throws Exception {
        world.mx.offerTls(world.ca.issue(Duration.ofDays(-1), "mx1.remote.test").serverContext());

        RecipientOutcome outcome = world.deliver(TlsPolicy.VERIFY);

        assertThat(outcome.result().enhancedStatus()).isEqualTo("4.7.5");
        assertThat(outcome.result().detail()).contains("expired");
    }

    @Test
    void verifyRefusesASelfSignedCertificate() throws Exception {
        world.mx.offerTls(TestCa.selfSigned("mx1.remote.test").serverContext());

        RecipientOutcome outcome = world.deliver(TlsPolicy.VERIFY);

        assertThat(outcome.result().enhancedStatus()).isEqualTo("4.7.5");
        assertThat(outcome.result().detail()).contains("not trusted");
    }

    @Test
    void theDomainsOwnPolicyWinsOverTheDefault() throws Exception {
        world.mx.offerTls(TestCa.selfSigned("mx1.remote.test").serverContext());
        RemoteDelivery remote = new RemoteDelivery(world.settings().tls(TlsPolicy.VERIFY)
            .tlsPolicies(Map.of(Domain.of("remote.test"), TlsPolicy.MAY)).build(), world.resolver());

        assertThat(world.deliver(remote).tls()).isEqualTo(TlsOutcome.UNTRUSTED);
    }

    @Test
    void mtaStsAndDaneNeedAPlannerThatHasThem() throws Exception {
        assertThatThrownBy(() -> new RemoteDelivery(world.settings().tls(TlsPolicy.DANE).build(), world.resolver()))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("DANE");
    }
}
