package dev.mailserver.delivery.tls;

import static dev.mailserver.delivery.tls.OutboundTlsFixture.enforce;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import org.apache.james.core.Domain;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Type;

import dev.mailserver.core.DeliveryResult;
import dev.mailserver.delivery.RecipientOutcome;
import dev.mailserver.delivery.Relay;
import dev.mailserver.delivery.RemoteDelivery;
import dev.mailserver.delivery.TlsPolicy;
import dev.mailserver.delivery.dane.Tlsa;
import dev.mailserver.delivery.testing.TestCa;
import dev.mailserver.delivery.testing.TestSignedZone;

/**
 * DANE (RFC 7672) end to end on loopback: remote.test served from a zone the test signs, validated by
 * dnsjava's validating resolver with the zone's key as trust anchor; a fake MX host whose certificate the
 * TLSA records do or do not name.
 */
class DaneDeliveryTest {
    @TempDir
    Path cache;
    private OutboundTlsFixture world;
    private TestSignedZone zone;

    @BeforeEach
    void start() throws Exception {
        world = new OutboundTlsFixture();
        zone = world.signZone();
    }

    @AfterEach
    void stop() throws Exception {
        world.close();
    }

    @Test
    void daneEeMatchesTheServersOwnKeyWithoutNameOrAuthority() throws Exception {
        TestCa.Issued certificate = TestCa.selfSigned("some.other.name");
        world.mx.offerTls(certificate.serverContext());
        zone.tlsa("mx1.remote.test", world.mx.port(), Tlsa.DANE_EE, certificate.certificate());

        RecipientOutcome outcome = deliver();

        assertThat(outcome.result().outcome()).as(outcome.result().toString()).isEqualTo(DeliveryResult.Outcome.DELIVERED);
        assertThat(outcome.tls()).isEqualTo(TlsOutcome.DANE_VERIFIED);
        assertThat(world.reported()).containsExactly("tlsa remote.test mx1.remote.test success");
    }

    @Test
    void aCertificateThatNoTlsaRecordNamesIsRefused() throws Exception {
        world.mx.offerTls(TestCa.selfSigned("mx1.remote.test").serverContext());
        zone.tlsa("mx1.remote.test", world.mx.port(), Tlsa.DANE_EE, TestCa.selfSigned("mx1.remote.test").certificate());

        RecipientOutcome outcome = deliver();

        assertThat(outcome.result().outcome()).isEqualTo(DeliveryResult.Outcome.TEMPORARY_FAILURE);
        assertThat(outcome.result().enhancedStatus()).isEqualTo("4.7.5");
        assertThat(world.mx.received()).isEmpty();
        assertThat(world.reported()).containsExactly("tlsa remote.test mx1.remote.test validation-failure");
    }

    @Test
    void daneTaMatchesTheIssuerAndTheServerCertificateMustNameTheHost() throws Exception {
        TestCa privateCa = TestCa.create("Private CA");
        world.mx.offerTls(privateCa.issue("mx1.remote.test").serverContext());
        zone.tlsa("mx1.remote.test", world.mx.port(), Tlsa.DANE_TA, privateCa.certificate());

        RecipientOutcome outcome = deliver();

        assertThat(outcome.result().outcome()).as(outcome.result().toString()).isEqualTo(DeliveryResult.Outcome.DELIVERED);
        assertThat(outcome.tls()).isEqualTo(TlsOutcome.DANE_VERIFIED);
    }

    @Test
    void daneTaRefusesACertificateForAnotherHost() throws Exception {
        TestCa privateCa = TestCa.create("Private CA");
        world.mx.offerTls(privateCa.issue("mx9.remote.test").serverContext());
        zone.tlsa("mx1.remote.test", world.mx.port(), Tlsa.DANE_TA, privateCa.certificate());

        assertThat(deliver().result().enhancedStatus()).isEqualTo("4.7.5");
        assertThat(world.mx.received()).isEmpty();
    }

    @Test
    void bogusTlsaRecordsDeferTheMailWithoutConnecting() throws Exception {
        TestCa.Issued certificate = TestCa.selfSigned("mx1.remote.test");
        world.mx.offerTls(certificate.serverContext());
        zone.tlsa("mx1.remote.test", world.mx.port(), Tlsa.DANE_EE, certificate.certificate())
            .bogus("_" + world.mx.port() + "._tcp.mx1.remote.test", Type.TLSA);

        RecipientOutcome outcome = deliver();

        assertThat(outcome.result().outcome()).isEqualTo(DeliveryResult.Outcome.TEMPORARY_FAILURE);
        assertThat(outcome.result().enhancedStatus()).isEqualTo("4.7.5");
        assertThat(outcome.result().detail()).contains("DNSSEC validation of the TLSA records of mx1.remote.test failed");
        assertThat(world.mx.connections()).isZero();
        assertThat(world.reported()).containsExactly("tlsa remote.test mx1.remote.test dnssec-invalid");
    }

    @Test
    void bogusMxRecordsDeferTheMail() throws Exception {
        zone.bogus("remote.test", Type.MX);

        RecipientOutcome outcome = deliver();

        assertThat(outcome.result().enhancedStatus()).isEqualTo("4.7.5");
        assertThat(world.mx.connections()).isZero();
    }

    @Test
    void withoutTlsaRecordsProvenAbsentTheMailGoesAsWithMay() throws Exception {
        world.mx.offerTls(TestCa.selfSigned("mx1.remote.test").serverContext());

        RecipientOutcome outcome = deliver();

        assertThat(outcome.result().outcome()).as(outcome.result().toString()).isEqualTo(DeliveryResult.Outcome.DELIVERED);
        assertThat(outcome.tls()).isEqualTo(TlsOutcome.UNTRUSTED);
    }

    @Test
    void tlsaRecordsOfAnUnsignedMxHostAreNotUsed() throws Exception {
        // The MX host lives in a zone under no trust anchor: its answers are insecure, and so is any TLSA record there.
        TestSignedZone elsewhere = new TestSignedZone("insecure.test");
        TestCa.Issued certificate = TestCa.selfSigned("mx.insecure.test");
        elsewhere.address("mx.insecure.test", "127.0.0.2").tlsa("mx.insecure.test", world.mx.port(), Tlsa.DANE_EE,
            TestCa.selfSigned("mx.insecure.test").certificate());
        world.dns.zone(elsewhere);
        zone.mx("remote.test", 5, "mx.insecure.test");
        world.mx.offerTls(certificate.serverContext());

        RecipientOutcome outcome = deliver();

        assertThat(outcome.result().outcome()).as(outcome.result().toString()).isEqualTo(DeliveryResult.Outcome.DELIVERED);
        assertThat(outcome.tls()).isEqualTo(TlsOutcome.UNTRUSTED);
        assertThat(outcome.relay()).startsWith("mx.insecure.test");
    }

    @Test
    void aRelayHostIsCheckedAgainstItsOwnTlsaRecords() throws Exception {
        TestCa.Issued certificate = TestCa.selfSigned("mx1.remote.test");
        world.mx.offerTls(certificate.serverContext());
        zone.tlsa("mx1.remote.test", world.mx.port(), Tlsa.DANE_EE, certificate.certificate());
        RemoteDelivery remote = new RemoteDelivery(world.settings().transports(Map.of(Domain.of("remote.test"),
            new Relay("mx1.remote.test", world.mx.port(), TlsPolicy.DANE, Optional.empty()))).build(), world.resolver(),
            world.planner(cache, world.dnssec(zone)), TlsResults.NONE);

        assertThat(world.deliver(remote).tls()).isEqualTo(TlsOutcome.DANE_VERIFIED);
    }

    @Test
    void daneTakesPrecedenceOverMtaSts() throws Exception {
        world.publishPolicy("1", enforce("mx.elsewhere.test"));
        zone.address("mta-sts.remote.test", "127.0.0.1").txt("_mta-sts.remote.test", "v=STSv1; id=1;");
        TestCa.Issued certificate = TestCa.selfSigned("mx1.remote.test");
        world.mx.offerTls(certificate.serverContext());
        zone.tlsa("mx1.remote.test", world.mx.port(), Tlsa.DANE_EE, certificate.certificate());

        RecipientOutcome outcome = deliver();

        assertThat(outcome.tls()).isEqualTo(TlsOutcome.DANE_VERIFIED);
    }

    @Test
    void withoutTlsaRecordsTheMtaStsPolicyApplies() throws Exception {
        world.publishPolicy("1", enforce("mx.elsewhere.test"));
        zone.address("mta-sts.remote.test", "127.0.0.1").txt("_mta-sts.remote.test", "v=STSv1; id=1;");

        RecipientOutcome outcome = deliver();

        assertThat(outcome.result().detail()).contains("not listed in the MTA-STS policy");
    }

    private RecipientOutcome deliver() throws Exception {
        return world.deliver(TlsPolicy.DANE, world.planner(cache, world.dnssec(zone)));
    }
}
