package dev.mailserver.delivery;

import static dev.mailserver.delivery.RemoteDeliveryTest.address;
import static dev.mailserver.delivery.RemoteDeliveryTest.mailAddress;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

import org.apache.james.core.Domain;
import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.mailserver.core.DeliveryResult;
import dev.mailserver.core.DsnNotify;
import dev.mailserver.core.DsnReturn;
import dev.mailserver.core.Envelope;
import dev.mailserver.core.EnvelopeOptions;
import dev.mailserver.core.InternationalAddresses;
import dev.mailserver.core.MessageContent;
import dev.mailserver.core.OriginalRecipient;
import dev.mailserver.core.RecipientOptions;
import dev.mailserver.delivery.dns.DnsJavaResolver;
import dev.mailserver.delivery.dsn.RemoteDiagnostic;
import dev.mailserver.delivery.testing.TestCertificate;
import dev.mailserver.delivery.testing.TestDnsServer;
import dev.mailserver.delivery.testing.TestSmtpServer;

/** Our SMTP client and the ESMTP extensions, against loopback peers that do and do not offer each one. */
class OutboundExtensionsTest {
    private static final MaybeSender SENDER = MaybeSender.getMailSender("alice@example.test");
    private static final MailAddress BOB = mailAddress("bob@remote.test");
    private static final String MESSAGE = "From: alice@example.test\r\nSubject: hello\r\n\r\nbody\r\n";

    private TestDnsServer dns;
    private TestSmtpServer peer;
    private RemoteDelivery remote;

    @TempDir
    Path tempDir;

    @BeforeEach
    void start() throws Exception {
        dns = TestDnsServer.start();
        peer = TestSmtpServer.start(address("127.0.0.2"), 0);
        dns.mx("remote.test", 10, "mx1.remote.test").address("mx1.remote.test", "127.0.0.2");
        startRemote(settings -> settings);
    }

    private void startRemote(UnaryOperator<RemoteDeliverySettings.Builder> custom) {
        if (remote != null) {
            remote.close();
        }
        remote = new RemoteDelivery(custom.apply(RemoteDeliverySettings.builder("mx.example.test").port(peer.port())
            .selfAddresses(Set.of(address("192.0.2.1"))).connectTimeout(Duration.ofSeconds(5)).commandTimeout(Duration.ofSeconds(5))).build(),
            DnsJavaResolver.using(List.of(dns.address()), Duration.ofSeconds(2)));
    }

    @AfterEach
    void stop() throws Exception {
        remote.close();
        peer.close();
        dns.close();
    }

    private RecipientOutcome deliver(Envelope envelope) {
        return remote.deliver(envelope, Domain.of("remote.test"), MessageContent.ofBytes(MESSAGE.getBytes(StandardCharsets.US_ASCII))).get(0);
    }

    @Nested
    class Dsn {
        private final Envelope withDsn = new Envelope(SENDER, List.of(BOB),
            new EnvelopeOptions(Optional.of("id+1 ü"), Optional.of(DsnReturn.HDRS), false, false),
            Map.of(BOB, new RecipientOptions(DsnNotify.of(Set.of(DsnNotify.Event.SUCCESS, DsnNotify.Event.FAILURE)),
                Optional.of(new OriginalRecipient("rfc822", "bob@old.example")))));

        @Test
        void theParametersArePassedOnToAPeerThatOffersDsn() throws Exception {
            peer.extensions("PIPELINING", "DSN");

            RecipientOutcome outcome = deliver(withDsn);

            assertThat(outcome.result().outcome()).isEqualTo(DeliveryResult.Outcome.DELIVERED);
            assertThat(RemoteDiagnostic.isDsnPassedOn(outcome.result().toString())).isTrue();
            assertThat(peer.commands()).contains("MAIL FROM:<alice@example.test> RET=HDRS ENVID=id+2B1+20+C3+BC",
                "RCPT TO:<bob@remote.test> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;bob@old.example");
        }

        @Test
        void aPeerWithoutDsnGetsNoParametersAndTheDeliveryCountsAsRelayed() throws Exception {
            peer.extensions("PIPELINING");

            RecipientOutcome outcome = deliver(withDsn);

            assertThat(outcome.result().outcome()).isEqualTo(DeliveryResult.Outcome.DELIVERED);
            assertThat(RemoteDiagnostic.isDsnPassedOn(outcome.result().toString())).isFalse();
            assertThat(peer.commands()).contains("MAIL FROM:<alice@example.test>", "RCPT TO:<bob@remote.test>");
        }
    }

    @Nested
    class Limits {
        @Test
        void aPeersRcptMaxSplitsTheRecipientsIntoTransactions() throws Exception {
            peer.extensions("PIPELINING", "LIMITS RCPTMAX=2 MAILMAX=5");
            List<MailAddress> recipients = List.of(BOB, mailAddress("carol@remote.test"), mailAddress("dave@remote.test"));

            List<RecipientOutcome> outcomes = remote.deliver(new Envelope(SENDER, recipients), Domain.of("remote.test"),
                MessageContent.ofBytes(MESSAGE.getBytes(StandardCharsets.US_ASCII)));

            assertThat(outcomes).extracting(outcome -> outcome.result().outcome()).containsOnly(DeliveryResult.Outcome.DELIVERED);
            assertThat(peer.received()).extracting(TestSmtpServer.Received::recipients)
                .containsExactly(List.of("bob@remote.test", "carol@remote.test"), List.of("dave@remote.test"));
        }

        @Test
        void recipientsBeyondAPeersMailMaxWaitForTheNextSession() throws Exception {
            peer.extensions("PIPELINING", "LIMITS RCPTMAX=1 MAILMAX=1");
            List<MailAddress> recipients = List.of(BOB, mailAddress("carol@remote.test"));

            List<RecipientOutcome> outcomes = remote.deliver(new Envelope(SENDER, recipients), Domain.of("remote.test"),
                MessageContent.ofBytes(MESSAGE.getBytes(StandardCharsets.US_ASCII)));
            RecipientOutcome later = remote.deliver(new Envelope(SENDER, List.of(mailAddress("carol@remote.test"))), Domain.of("remote.test"),
                MessageContent.ofBytes(MESSAGE.getBytes(StandardCharsets.US_ASCII))).get(0);

            assertThat(outcomes.get(0).result().outcome()).isEqualTo(DeliveryResult.Outcome.DELIVERED);
            assertThat(outcomes.get(1).result().toString()).startsWith("4.5.3 ").contains("MAILMAX");
            assertThat(later.result().outcome()).isEqualTo(DeliveryResult.Outcome.DELIVERED);
            assertThat(peer.connections()).isEqualTo(2);
        }

        @Test
        void malformedLimitsAreIgnored() {
            assertThat(PeerLimits.parse("RCPTMAX=abc MAILMAX=-3 RCPTDOMAINMAX=1")).isEqualTo(PeerLimits.NONE);
            assertThat(PeerLimits.parse(null)).isEqualTo(PeerLimits.NONE);
        }
    }

    @Nested
    class Chunking {
        @Test
        void aPeerThatOffersChunkingGetsTheMessageInBdatChunksByteForByte() throws Exception {
            peer.extensions("PIPELINING", "CHUNKING");
            StringBuilder large = new StringBuilder("Subject: large\r\n\r\n.a dot line\r\n");
            while (large.length() < 2_500_000) {
                large.append("0123456789".repeat(7)).append("\r\n");
            }

            RecipientOutcome outcome = remote.deliver(new Envelope(SENDER, List.of(BOB)), Domain.of("remote.test"),
                MessageContent.ofBytes(large.toString().getBytes(StandardCharsets.US_ASCII))).get(0);

            assertThat(outcome.result().outcome()).isEqualTo(DeliveryResult.Outcome.DELIVERED);
            assertThat(peer.commands()).filteredOn(command -> command.startsWith("BDAT")).hasSize(3).last().asString().endsWith(" LAST");
            assertThat(peer.commands()).doesNotContain("DATA");
            assertThat(peer.received()).singleElement().satisfies(received -> assertThat(received.content()).isEqualTo(large.toString()));
        }

        @Test
        void bdatChunksGoOverStartTls() throws Exception {
            peer.offerTls(TestCertificate.create(tempDir, "mx1.remote.test").serverContext()).extensions("PIPELINING", "CHUNKING");

            RecipientOutcome outcome = deliver(new Envelope(SENDER, List.of(BOB)));

            assertThat(outcome.result().outcome()).as(outcome.result().toString()).isEqualTo(DeliveryResult.Outcome.DELIVERED);
            assertThat(peer.commands()).anyMatch(command -> command.startsWith("BDAT "));
            assertThat(peer.received()).singleElement().satisfies(received -> {
                assertThat(received.overTls()).isTrue();
                assertThat(received.content()).isEqualTo(MESSAGE);
            });
        }

        @Test
        void aPeerWithoutChunkingGetsData() throws Exception {
            peer.extensions("PIPELINING");

            RecipientOutcome outcome = deliver(new Envelope(SENDER, List.of(BOB)));

            assertThat(outcome.result().outcome()).isEqualTo(DeliveryResult.Outcome.DELIVERED);
            assertThat(peer.commands()).contains("DATA").noneMatch(command -> command.startsWith("BDAT"));
            assertThat(peer.received()).singleElement().satisfies(received -> assertThat(received.content()).isEqualTo(MESSAGE));
        }

        @Test
        void aRefusedLastChunkIsTheRecipientsResult() throws Exception {
            peer.extensions("CHUNKING").dataReply(transaction -> "554 5.7.1 content refused");

            RecipientOutcome outcome = deliver(new Envelope(SENDER, List.of(BOB)));

            assertThat(outcome.result().toString()).startsWith("5.7.1 ").contains("554 5.7.1 content refused");
        }
    }

    @Nested
    class SmtpUtf8 {
        private final Envelope utf8 = new Envelope(utf8Sender(), List.of(BOB));

        private static MaybeSender utf8Sender() {
            try {
                return MaybeSender.of(InternationalAddresses.parse("jöran@bücher.de"));
            } catch (javax.mail.internet.AddressException e) {
                throw new IllegalArgumentException(e);
            }
        }

        @Test
        void mailThatNeedsSmtpUtf8FailsForGoodAtAPeerWithoutItAndIsNotDowngraded() throws Exception {
            peer.extensions("PIPELINING", "8BITMIME");

            RecipientOutcome outcome = deliver(utf8);

            assertThat(outcome.result().outcome()).isEqualTo(DeliveryResult.Outcome.PERMANENT_FAILURE);
            assertThat(outcome.result().enhancedStatus()).isEqualTo("5.6.7");
            assertThat(peer.commands()).noneMatch(command -> command.startsWith("MAIL"));
            RecipientOutcome flagged = deliver(new Envelope(SENDER, List.of(BOB), EnvelopeOptions.NONE.withSmtpUtf8(true), Map.of()));
            assertThat(flagged.result().enhancedStatus()).isEqualTo("5.6.7");
        }

        @Test
        void aPeerWithSmtpUtf8GetsTheUtf8PathsAndTheParameter() throws Exception {
            peer.extensions("PIPELINING", "SMTPUTF8");

            RecipientOutcome outcome = deliver(utf8);

            assertThat(outcome.result().outcome()).isEqualTo(DeliveryResult.Outcome.DELIVERED);
            assertThat(peer.commands()).contains(new String("MAIL FROM:<jöran@xn--bcher-kva.de> SMTPUTF8".getBytes(StandardCharsets.UTF_8),
                StandardCharsets.ISO_8859_1));
        }
    }

    @Nested
    class RequireTls {
        private final Envelope requireTls = new Envelope(SENDER, List.of(BOB), EnvelopeOptions.NONE.withRequireTls(true), Map.of());

        private void trusting(TestCertificate certificate) throws Exception {
            java.security.KeyStore trusted = certificate.trustStore();
            startRemote(settings -> settings.trustStore(Optional.of(trusted)));
        }

        @Test
        void goesOverValidatedTlsToAPeerThatOffersRequireTls() throws Exception {
            TestCertificate certificate = TestCertificate.create(tempDir, "mx1.remote.test");
            peer.offerTls(certificate.serverContext()).extensions("PIPELINING", "REQUIRETLS");
            trusting(certificate);

            RecipientOutcome outcome = deliver(requireTls);

            assertThat(outcome.result().outcome()).as(outcome.result().toString()).isEqualTo(DeliveryResult.Outcome.DELIVERED);
            assertThat(peer.received()).singleElement().satisfies(received -> {
                assertThat(received.overTls()).isTrue();
                assertThat(received.mailCommand()).endsWith(" REQUIRETLS");
            });
        }

        @Test
        void isRefusedOverAnUntrustedCertificateWith5_7_30() throws Exception {
            peer.offerTls(TestCertificate.create(tempDir, "mx1.remote.test").serverContext()).extensions("PIPELINING", "REQUIRETLS");

            RecipientOutcome outcome = deliver(requireTls);

            assertThat(outcome.result().outcome()).isEqualTo(DeliveryResult.Outcome.PERMANENT_FAILURE);
            assertThat(outcome.result().enhancedStatus()).isEqualTo("5.7.30");
            assertThat(peer.received()).isEmpty();
        }

        @Test
        void isRefusedByAPeerWithoutStartTlsOrWithoutRequireTls() throws Exception {
            peer.extensions("PIPELINING", "REQUIRETLS");
            assertThat(deliver(requireTls).result().enhancedStatus()).isEqualTo("5.7.30");

            TestCertificate certificate = TestCertificate.create(tempDir, "mx1.remote.test");
            peer.offerTls(certificate.serverContext()).extensions("PIPELINING");
            trusting(certificate);
            RecipientOutcome outcome = deliver(requireTls);

            assertThat(outcome.result().toString()).startsWith("5.7.30 ").contains("does not offer REQUIRETLS");
            assertThat(peer.received()).isEmpty();
        }

        @Test
        void tlsRequiredNoLetsMailPastARequiredTlsPolicyButOthersWait() throws Exception {
            startRemote(settings -> settings.transports(Map.of(Domain.of("remote.test"),
                new Relay("127.0.0.2", peer.port(), TlsPolicy.VERIFY, Optional.empty()))));
            byte[] optional = ("TLS-Required: No\r\n" + MESSAGE).getBytes(StandardCharsets.US_ASCII);

            RecipientOutcome plain = deliver(new Envelope(SENDER, List.of(BOB)));
            RecipientOutcome withHeader = remote.deliver(new Envelope(SENDER, List.of(BOB)), Domain.of("remote.test"),
                MessageContent.ofBytes(optional)).get(0);

            assertThat(plain.result().outcome()).isEqualTo(DeliveryResult.Outcome.TEMPORARY_FAILURE);
            assertThat(withHeader.result().outcome()).isEqualTo(DeliveryResult.Outcome.DELIVERED);
        }
    }
}
