package dev.mailserver.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import org.apache.james.core.Domain;
import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.mailserver.core.DeliveryResult;
import dev.mailserver.core.Envelope;
import dev.mailserver.core.MessageContent;
import dev.mailserver.delivery.dns.DnsJavaResolver;
import dev.mailserver.core.testing.Await;
import dev.mailserver.delivery.testing.TestCertificate;
import dev.mailserver.delivery.testing.TestDnsServer;
import dev.mailserver.delivery.testing.TestSmtpServer;

/** Remote delivery over loopback: a test DNS server and scripted SMTP servers on 127.0.0.x. */
class RemoteDeliveryTest {
    private static final MaybeSender SENDER = MaybeSender.getMailSender("alice@example.test");
    private static final String MESSAGE = "From: alice@example.test\r\nSubject: hello\r\n\r\n.dot line\r\nbody\r\n";
    private static final InetAddress NOT_US = address("192.0.2.1");

    @TempDir
    Path tempDir;
    private TestDnsServer dns;
    private final List<TestSmtpServer> servers = new ArrayList<>();
    private RemoteDelivery remote;

    @BeforeEach
    void startDns() throws Exception {
        dns = TestDnsServer.start();
    }

    @AfterEach
    void stopAll() throws Exception {
        if (remote != null) {
            remote.close();
        }
        for (TestSmtpServer server : servers) {
            server.close();
        }
        dns.close();
    }

    @Test
    void deliversToTheMostPreferredMxHost() throws Exception {
        TestSmtpServer preferred = server("127.0.0.2", 0);
        TestSmtpServer backup = server("127.0.0.3", preferred.port());
        dns.mx("remote.test", 20, "mx2.remote.test").mx("remote.test", 10, "mx1.remote.test")
            .address("mx1.remote.test", "127.0.0.2").address("mx2.remote.test", "127.0.0.3");
        startRemote(preferred.port(), settings -> settings);

        List<RecipientOutcome> outcomes = deliver("remote.test", "bob@remote.test");

        assertThat(outcomes).singleElement().satisfies(outcome -> {
            assertThat(outcome.result().outcome()).isEqualTo(DeliveryResult.Outcome.DELIVERED);
            assertThat(outcome.result().detail()).contains("said: 250 2.0.0 Ok");
            assertThat(outcome.relay()).isEqualTo("mx1.remote.test[127.0.0.2]:" + preferred.port());
        });
        assertThat(preferred.received()).singleElement().satisfies(received -> {
            assertThat(received.mailFrom()).isEqualTo("alice@example.test");
            assertThat(received.recipients()).containsExactly("bob@remote.test");
            assertThat(received.content()).isEqualTo(MESSAGE);
            assertThat(received.mailCommand()).contains("SIZE=" + MESSAGE.length()).contains("BODY=8BITMIME");
        });
        assertThat(backup.connections()).isZero();
    }

    @Test
    void theConnectionIsClosedWhenSendingFailsWithAnUncheckedError() throws Exception {
        TestSmtpServer server = server("127.0.0.2", 0);
        dns.mx("remote.test", 10, "mx1.remote.test").address("mx1.remote.test", "127.0.0.2");
        startRemote(server.port(), settings -> settings);
        MessageContent unreadable = new MessageContent() {
            @Override
            public long size() {
                return MESSAGE.length();
            }

            @Override
            public InputStream openStream() {
                return new InputStream() {
                    @Override
                    public int read() {
                        throw new UncheckedIOException(new IOException("the spool could not be read"));
                    }
                };
            }
        };

        assertThatThrownBy(() -> remote.deliver(new Envelope(SENDER, List.of(mailAddress("bob@remote.test"))), Domain.of("remote.test"), unreadable))
            .isInstanceOf(UncheckedIOException.class);

        Await.until(() -> server.openConnections() == 0, Duration.ofSeconds(10));
        assertThat(server.received()).isEmpty();
    }

    @Test
    void fallsBackToTheNextMxHostWhenTheFirstRefusesConnections() throws Exception {
        TestSmtpServer backup = server("127.0.0.3", 0);
        dns.mx("remote.test", 10, "mx1.remote.test").mx("remote.test", 20, "mx2.remote.test")
            .address("mx1.remote.test", "127.0.0.4").address("mx2.remote.test", "127.0.0.3");
        startRemote(backup.port(), settings -> settings);

        List<RecipientOutcome> outcomes = deliver("remote.test", "bob@remote.test");

        assertThat(outcomes.get(0).result().outcome()).isEqualTo(DeliveryResult.Outcome.DELIVERED);
        assertThat(outcomes.get(0).relay()).startsWith("mx2.remote.test[127.0.0.3]");
        assertThat(backup.received()).hasSize(1);
    }

    @Test
    void aDomainWithoutMxRecordsIsItsOwnMailHost() throws Exception {
        TestSmtpServer server = server("127.0.0.2", 0);
        dns.address("remote.test", "127.0.0.2");
        startRemote(server.port(), settings -> settings);

        assertThat(deliver("remote.test", "bob@remote.test").get(0).relay()).startsWith("remote.test[127.0.0.2]");
        assertThat(server.received()).hasSize(1);
    }

    @Test
    void eachRecipientGetsItsOwnResultInOneTransaction() throws Exception {
        TestSmtpServer server = server("127.0.0.2", 0).rcptReply(recipient -> switch (recipient) {
            case "nobody@remote.test" -> "550 5.1.1 <nobody@remote.test>: no such user";
            case "full@remote.test" -> "452 4.2.2 mailbox full";
            default -> "250 2.1.5 Ok";
        });
        dns.mx("remote.test", 10, "mx1.remote.test").address("mx1.remote.test", "127.0.0.2");
        startRemote(server.port(), settings -> settings);

        List<RecipientOutcome> outcomes = deliver("remote.test", "bob@remote.test", "nobody@remote.test", "full@remote.test");

        assertThat(outcomes).extracting(outcome -> outcome.result().toString()).containsExactly(
            "2.0.0 host mx1.remote.test[127.0.0.2]:" + server.port() + " said: 250 2.0.0 Ok: queued (in reply to end of DATA)",
            "5.1.1 host mx1.remote.test[127.0.0.2]:" + server.port() + " said: 550 5.1.1 <nobody@remote.test>: no such user (in reply to RCPT TO)",
            "4.2.2 host mx1.remote.test[127.0.0.2]:" + server.port() + " said: 452 4.2.2 mailbox full (in reply to RCPT TO)");
        assertThat(server.received()).singleElement().satisfies(received -> assertThat(received.recipients()).containsExactly("bob@remote.test"));
    }

    @Test
    void theEnvelopeWorksWithoutPipeliningToo() throws Exception {
        TestSmtpServer server = server("127.0.0.2", 0).extensions("8BITMIME")
            .rcptReply(recipient -> recipient.startsWith("nobody") ? "550 5.1.1 no such user" : "250 2.1.5 Ok");
        dns.mx("remote.test", 10, "mx1.remote.test").address("mx1.remote.test", "127.0.0.2");
        startRemote(server.port(), settings -> settings);

        List<RecipientOutcome> outcomes = deliver("remote.test", "nobody@remote.test", "bob@remote.test");

        assertThat(outcomes).extracting(outcome -> outcome.result().outcome())
            .containsExactly(DeliveryResult.Outcome.PERMANENT_FAILURE, DeliveryResult.Outcome.DELIVERED);
        assertThat(server.received().get(0).mailCommand()).doesNotContain("SIZE=");
    }

    @Test
    void aPermanentReplyToDataFailsEveryAcceptedRecipient() throws Exception {
        TestSmtpServer server = server("127.0.0.2", 0).dataReply(transaction -> "554 5.7.1 rejected as spam");
        dns.mx("remote.test", 10, "mx1.remote.test").address("mx1.remote.test", "127.0.0.2");
        startRemote(server.port(), settings -> settings);

        List<RecipientOutcome> outcomes = deliver("remote.test", "bob@remote.test", "carol@remote.test");

        assertThat(outcomes).extracting(outcome -> outcome.result().toString()).containsOnly(
            "5.7.1 host mx1.remote.test[127.0.0.2]:" + server.port() + " said: 554 5.7.1 rejected as spam (in reply to end of DATA)");
    }

    @Test
    void severalMessagesToOneDestinationShareOneConnection() throws Exception {
        TestSmtpServer server = server("127.0.0.2", 0);
        dns.mx("remote.test", 10, "mx1.remote.test").address("mx1.remote.test", "127.0.0.2");
        startRemote(server.port(), settings -> settings);

        for (int i = 0; i < 3; i++) {
            assertThat(deliver("remote.test", "bob@remote.test").get(0).result().outcome()).isEqualTo(DeliveryResult.Outcome.DELIVERED);
        }

        assertThat(server.connections()).isEqualTo(1);
        assertThat(server.received()).hasSize(3);
        assertThat(server.commands()).filteredOn(command -> command.startsWith("EHLO")).hasSize(1);
        assertThat(server.commands()).as("a cached connection costs no round trip of its own").doesNotContain("RSET");
    }

    @Test
    void theEnvelopeAndDataGoTogetherWithoutWaitingForReplies() throws Exception {
        TestSmtpServer server = server("127.0.0.2", 0).holdEnvelopeRepliesUntilData();
        dns.mx("remote.test", 10, "mx1.remote.test").address("mx1.remote.test", "127.0.0.2");
        startRemote(server.port(), settings -> settings.commandTimeout(Duration.ofSeconds(3)));

        List<RecipientOutcome> outcomes = deliver("remote.test", "bob@remote.test", "carol@remote.test");

        assertThat(outcomes).extracting(outcome -> outcome.result().outcome()).containsOnly(DeliveryResult.Outcome.DELIVERED);
        assertThat(server.received()).singleElement().satisfies(received -> {
            assertThat(received.recipients()).containsExactly("bob@remote.test", "carol@remote.test");
            assertThat(received.content()).isEqualTo(MESSAGE);
        });
        assertThat(server.commands()).filteredOn(command -> !command.startsWith("EHLO") && !command.equals("QUIT"))
            .extracting(command -> command.split("[ :]")[0]).containsExactly("MAIL", "RCPT", "RCPT", "DATA");
    }

    @Test
    void aServerThatSays354WithoutRecipientsGetsAnEmptyMessageEndAndTheConnectionGoesOn() throws Exception {
        TestSmtpServer server = server("127.0.0.2", 0).acceptDataWithoutRecipients()
            .rcptReply(recipient -> recipient.startsWith("nobody") ? "550 5.1.1 no such user" : "250 2.1.5 Ok");
        dns.mx("remote.test", 10, "mx1.remote.test").address("mx1.remote.test", "127.0.0.2");
        startRemote(server.port(), settings -> settings);

        assertThat(deliver("remote.test", "nobody@remote.test").get(0).result().toString()).startsWith("5.1.1").endsWith("(in reply to RCPT TO)");
        assertThat(deliver("remote.test", "bob@remote.test").get(0).result().outcome()).isEqualTo(DeliveryResult.Outcome.DELIVERED);

        assertThat(server.received()).singleElement().satisfies(received -> assertThat(received.recipients()).containsExactly("bob@remote.test"));
        assertThat(server.connections()).isEqualTo(1);
    }

    @Test
    void aCachedConnectionTheServerClosedSilentlyIsReplacedWithoutDeferringTheMail() throws Exception {
        aCachedConnectionTheServerClosedIsReplaced(null);
    }

    @Test
    void aCachedConnectionTheServerClosedWith421IsReplacedWithoutDeferringTheMail() throws Exception {
        aCachedConnectionTheServerClosedIsReplaced("421 4.4.2 test.smtp idle too long, closing");
    }

    private void aCachedConnectionTheServerClosedIsReplaced(String farewell) throws Exception {
        TestSmtpServer server = server("127.0.0.2", 0).closeAfterMessages(1, farewell);
        dns.mx("remote.test", 10, "mx1.remote.test").address("mx1.remote.test", "127.0.0.2");
        startRemote(server.port(), settings -> settings);

        for (int i = 0; i < 3; i++) {
            Await.until(() -> server.openConnections() == 0, Duration.ofSeconds(10));
            assertThat(deliver("remote.test", "bob@remote.test").get(0).result().outcome()).isEqualTo(DeliveryResult.Outcome.DELIVERED);
        }

        assertThat(server.received()).hasSize(3);
        assertThat(server.connections()).isEqualTo(3);
    }

    @Test
    void aConnectionCarriesAtMostItsShareOfMessages() throws Exception {
        TestSmtpServer server = server("127.0.0.2", 0);
        dns.mx("remote.test", 10, "mx1.remote.test").address("mx1.remote.test", "127.0.0.2");
        startRemote(server.port(), settings -> settings.maxMessagesPerConnection(2));

        for (int i = 0; i < 3; i++) {
            deliver("remote.test", "bob@remote.test");
        }

        assertThat(server.connections()).isEqualTo(2);
    }

    @Test
    void opportunisticStartTlsIsUsedWhenOfferedEvenWithAnUntrustedCertificate() throws Exception {
        TestCertificate certificate = TestCertificate.create(tempDir, "mx1.remote.test");
        TestSmtpServer server = server("127.0.0.2", 0).offerTls(certificate.serverContext());
        dns.mx("remote.test", 10, "mx1.remote.test").address("mx1.remote.test", "127.0.0.2");
        startRemote(server.port(), settings -> settings);

        assertThat(deliver("remote.test", "bob@remote.test").get(0).result().outcome()).isEqualTo(DeliveryResult.Outcome.DELIVERED);
        assertThat(server.received()).singleElement().satisfies(received -> assertThat(received.overTls()).isTrue());
    }

    @Test
    void requiredTlsDefersMailToAServerWithoutStartTls() throws Exception {
        TestSmtpServer server = server("127.0.0.1", 0);
        startRemote(25, settings -> settings.transports(Map.of(Domain.of("remote.test"),
            new Relay("127.0.0.1", server.port(), TlsPolicy.VERIFY, Optional.empty()))));

        RecipientOutcome outcome = deliver("remote.test", "bob@remote.test").get(0);

        assertThat(outcome.result().outcome()).isEqualTo(DeliveryResult.Outcome.TEMPORARY_FAILURE);
        assertThat(outcome.result().detail()).contains("STARTTLS");
        assertThat(server.received()).isEmpty();
    }

    @Test
    void theSmarthostGetsEverythingWithAuthOverVerifiedTls() throws Exception {
        TestCertificate certificate = TestCertificate.create(tempDir, "relay.example.test");
        TestSmtpServer smarthost = server("127.0.0.1", 0).offerTls(certificate.serverContext()).requireLogin("relay-user", "s3cret");
        java.security.KeyStore trusted = certificate.trustStore();
        startRemote(25, settings -> settings
            .smarthost(Optional.of(new Relay("127.0.0.1", smarthost.port(), TlsPolicy.VERIFY,
                Optional.of(new Relay.Credentials("relay-user", "s3cret")))))
            .trustStore(Optional.of(trusted)));

        RecipientOutcome outcome = deliver("anywhere.test", "bob@anywhere.test").get(0);

        assertThat(outcome.result().outcome()).as(outcome.result().toString()).isEqualTo(DeliveryResult.Outcome.DELIVERED);
        assertThat(outcome.relay()).isEqualTo("127.0.0.1[127.0.0.1]:" + smarthost.port());
        assertThat(smarthost.received()).singleElement().satisfies(received -> assertThat(received.overTls()).isTrue());
        assertThat(smarthost.commands()).anyMatch(command -> command.startsWith("AUTH PLAIN"));
    }

    @Test
    void requiredTlsRefusesACertificateThatIsNotTrusted() throws Exception {
        TestCertificate certificate = TestCertificate.create(tempDir, "relay.example.test");
        TestSmtpServer smarthost = server("127.0.0.1", 0).offerTls(certificate.serverContext());
        startRemote(25, settings -> settings
            .smarthost(Optional.of(new Relay("127.0.0.1", smarthost.port(), TlsPolicy.VERIFY, Optional.empty()))));

        RecipientOutcome outcome = deliver("anywhere.test", "bob@anywhere.test").get(0);

        assertThat(outcome.result().outcome()).isEqualTo(DeliveryResult.Outcome.TEMPORARY_FAILURE);
        assertThat(smarthost.received()).isEmpty();
    }

    @Test
    void aNullMxFailsForGoodWithoutConnecting() throws Exception {
        dns.mx("nomail.test", 0, "");
        startRemote(25, settings -> settings);

        RecipientOutcome outcome = deliver("nomail.test", "bob@nomail.test").get(0);

        assertThat(outcome.result().outcome()).isEqualTo(DeliveryResult.Outcome.PERMANENT_FAILURE);
        assertThat(outcome.result().enhancedStatus()).isEqualTo("5.1.10");
        assertThat(outcome.relay()).isEqualTo("none");
    }

    @Test
    void aDomainThatDoesNotExistFailsForGoodAndADnsFailureIsRetried() throws Exception {
        dns.failing("broken.test");
        startRemote(25, settings -> settings);

        assertThat(deliver("missing.test", "bob@missing.test").get(0).result().enhancedStatus()).isEqualTo("5.1.2");
        assertThat(deliver("broken.test", "bob@broken.test").get(0).result().outcome()).isEqualTo(DeliveryResult.Outcome.TEMPORARY_FAILURE);
    }

    @Test
    void anMxHostOnOurOwnAddressIsAMailLoop() throws Exception {
        dns.mx("loop.test", 10, "mx.loop.test").address("mx.loop.test", "127.0.0.5");
        startRemote(25, settings -> settings.selfAddresses(Set.of(address("127.0.0.5"))));

        RecipientOutcome outcome = deliver("loop.test", "bob@loop.test").get(0);

        assertThat(outcome.result().outcome()).isEqualTo(DeliveryResult.Outcome.PERMANENT_FAILURE);
        assertThat(outcome.result().toString()).startsWith("5.4.6 mail for loop.test loops back to myself");
    }

    @Test
    void aServerThatDropsOrStallsDefersTheMail() throws Exception {
        TestSmtpServer dropping = server("127.0.0.2", 0).behave(TestSmtpServer.Behaviour.DROP);
        TestSmtpServer stalling = server("127.0.0.3", dropping.port()).behave(TestSmtpServer.Behaviour.STALL);
        dns.mx("drop.test", 10, "mx.drop.test").address("mx.drop.test", "127.0.0.2")
            .mx("stall.test", 10, "mx.stall.test").address("mx.stall.test", "127.0.0.3");
        startRemote(dropping.port(), settings -> settings.commandTimeout(Duration.ofMillis(300)));

        assertThat(deliver("drop.test", "bob@drop.test").get(0).result().outcome()).isEqualTo(DeliveryResult.Outcome.TEMPORARY_FAILURE);
        RecipientOutcome stalled = deliver("stall.test", "bob@stall.test").get(0);
        assertThat(stalled.result().outcome()).isEqualTo(DeliveryResult.Outcome.TEMPORARY_FAILURE);
        assertThat(stalled.relay()).startsWith("mx.stall.test[127.0.0.3]");
    }

    @Test
    void aMessageOverTheServersSizeLimitFailsForGood() throws Exception {
        TestSmtpServer server = server("127.0.0.2", 0).extensions("SIZE 10");
        dns.mx("remote.test", 10, "mx1.remote.test").address("mx1.remote.test", "127.0.0.2");
        startRemote(server.port(), settings -> settings);

        assertThat(deliver("remote.test", "bob@remote.test").get(0).result().enhancedStatus()).isEqualTo("5.3.4");
        assertThat(server.received()).isEmpty();
    }

    private TestSmtpServer server(String loopbackAddress, int port) throws Exception {
        TestSmtpServer server = TestSmtpServer.start(address(loopbackAddress), port);
        servers.add(server);
        return server;
    }

    private void startRemote(int port, UnaryOperator<RemoteDeliverySettings.Builder> custom) {
        RemoteDeliverySettings.Builder settings = RemoteDeliverySettings.builder("mx.example.test")
            .port(port)
            .selfAddresses(Set.of(NOT_US))
            .connectTimeout(Duration.ofSeconds(5))
            .commandTimeout(Duration.ofSeconds(5));
        remote = new RemoteDelivery(custom.apply(settings).build(), DnsJavaResolver.using(List.of(dns.address()), Duration.ofSeconds(2)));
    }

    private List<RecipientOutcome> deliver(String domain, String... recipients) {
        return remote.deliver(new Envelope(SENDER, Stream.of(recipients).map(RemoteDeliveryTest::mailAddress).toList()), Domain.of(domain),
            MessageContent.ofBytes(MESSAGE.getBytes(StandardCharsets.US_ASCII)));
    }

    static InetAddress address(String literal) {
        try {
            return InetAddress.getByAddress(org.xbill.DNS.Address.toByteArray(literal, org.xbill.DNS.Address.IPv4));
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }

    static MailAddress mailAddress(String text) {
        try {
            return new MailAddress(text);
        } catch (javax.mail.internet.AddressException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
