package dev.mailserver.auth.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.mailserver.auth.dkim.DkimAlgorithm;
import dev.mailserver.auth.dkim.DkimKeys;
import dev.mailserver.auth.dkim.DkimSigner;
import dev.mailserver.auth.dkim.DkimSigningKey;
import dev.mailserver.auth.dkim.DkimStatus;
import dev.mailserver.auth.dkim.DkimVerifier;
import dev.mailserver.auth.dmarc.DmarcEvaluator;
import dev.mailserver.auth.dmarc.DmarcPolicy;
import dev.mailserver.auth.dmarc.DmarcStatus;
import dev.mailserver.auth.dns.AuthDns;
import dev.mailserver.core.mime.HeaderSection.Field;
import dev.mailserver.auth.message.MailMessage;
import dev.mailserver.auth.spf.SpfChecker;
import dev.mailserver.auth.spf.SpfResult;
import dev.mailserver.delivery.testing.TestDnsServer;

/** The whole inbound check of a message: SPF, DKIM, DMARC and the Authentication-Results field. */
class InboundAuthenticatorTest {
    private static final String MESSAGE = """
        Authentication-Results: mx.example.net; dkim=pass header.d=example.com; dmarc=pass\r
        Authentication-Results: (a comment) MX.example.NET; spf=pass\r
        Authentication-Results: relay.example.org; spf=pass smtp.mailfrom=example.com\r
        From: Alice <alice@example.com>\r
        To: bob@example.net\r
        Subject: hello\r
        Date: Tue, 01 Dec 2026 08:00:00 +0000\r
        \r
        Hello.\r
        """;

    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private TestDnsServer dnsServer;
    private KeyPair key;

    @BeforeEach
    void setUp() throws Exception {
        key = DkimKeys.generate(DkimAlgorithm.ED25519_SHA256, 0);
        dnsServer = TestDnsServer.start()
            .txt("example.com", "v=spf1 ip4:192.0.2.0/24 -all")
            .txt("_dmarc.example.com", "v=DMARC1; p=reject")
            .txt("ed._domainkey.example.com", DkimKeys.txtRecord(DkimAlgorithm.ED25519_SHA256, key.getPublic()));
    }

    @AfterEach
    void tearDown() throws Exception {
        executor.shutdownNow();
        dnsServer.close();
    }

    @Test
    void aSignedMessageFromAnAllowedAddressPassesEverythingAndForgedResultsOfOursAreRemoved() throws Exception {
        MailMessage message = signed(MESSAGE);
        InboundAuthenticator authenticator = authenticator(AuthDns.using(List.of(dnsServer.address()), Duration.ofSeconds(2)), Duration.ofSeconds(20));

        InboundAuthentication result = authenticator.check(InetAddress.getByName("192.0.2.25"), "mail.example.com", "alice@example.com", message)
            .get(30, TimeUnit.SECONDS);
        String stamped = new String(authenticator.stamped(message, result).toBytes(), StandardCharsets.UTF_8);

        assertThat(result.spf().result()).isEqualTo(SpfResult.PASS);
        assertThat(result.dkim()).singleElement().satisfies(dkim -> assertThat(dkim.status()).isEqualTo(DkimStatus.PASS));
        assertThat(result.dmarc().status()).isEqualTo(DmarcStatus.PASS);
        assertThat(stamped).startsWith("Authentication-Results: mx.example.net;\r\n\tspf=pass")
            .contains("smtp.mailfrom=example.com", "dkim=pass header.d=example.com header.s=ed header.a=ed25519-sha256",
                "dmarc=pass (p=reject dis=none) header.from=example.com",
                "Authentication-Results: relay.example.org; spf=pass smtp.mailfrom=example.com")
            .doesNotContain("(a comment) MX.example.NET", "mx.example.net; dkim=pass");
    }

    @Test
    void aForgedMessageFailsDmarcWithTheDomainsPolicy() throws Exception {
        MailMessage message = MailMessage.parse(MESSAGE.getBytes(StandardCharsets.UTF_8));
        InboundAuthenticator authenticator = authenticator(AuthDns.using(List.of(dnsServer.address()), Duration.ofSeconds(2)), Duration.ofSeconds(20));

        InboundAuthentication result = authenticator.check(InetAddress.getByName("198.51.100.7"), "evil.example", "alice@example.com", message)
            .get(30, TimeUnit.SECONDS);

        assertThat(result.spf().result()).isEqualTo(SpfResult.FAIL);
        assertThat(result.dkim()).isEmpty();
        assertThat(result.dmarc().status()).isEqualTo(DmarcStatus.FAIL);
        assertThat(result.dmarc().disposition()).isEqualTo(DmarcPolicy.REJECT);
        assertThat(result.header().text()).contains("spf=fail", "dkim=none", "arc=none", "dmarc=fail (p=reject dis=reject)");
    }

    @Test
    void checksNotDoneWithinTheTimeLimitAreTemporaryErrors() throws Exception {
        try (DatagramSocket silent = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            AuthDns unanswered = AuthDns.using(List.of((InetSocketAddress) silent.getLocalSocketAddress()), Duration.ofSeconds(10));
            InboundAuthenticator authenticator = authenticator(unanswered, Duration.ofMillis(300));

            InboundAuthentication result = authenticator.check(InetAddress.getByName("192.0.2.25"), "mail.example.com", "alice@example.com",
                signed(MESSAGE)).get(30, TimeUnit.SECONDS);

            assertThat(result.spf().result()).isEqualTo(SpfResult.TEMPERROR);
            assertThat(result.dmarc().status()).isEqualTo(DmarcStatus.TEMPERROR);
            assertThat(result.header().text()).contains("spf=temperror", "dmarc=temperror");
        }
    }

    private InboundAuthenticator authenticator(AuthDns dns, Duration limit) {
        return new InboundAuthenticator(new SpfChecker(dns, "mx.example.net", Clock.systemUTC()),
            new DkimVerifier(dns, Clock.systemUTC(), 5), new DmarcEvaluator(dns, new Random(1)), "mx.example.net", executor, limit);
    }

    private MailMessage signed(String text) {
        MailMessage message = MailMessage.parse(text.getBytes(StandardCharsets.UTF_8));
        List<Field> signatures = new DkimSigner(List.of(
            new DkimSigningKey("example.com", "ed", DkimAlgorithm.ED25519_SHA256, key.getPrivate())), Clock.systemUTC()).signatures(message);
        return message.withPrepended(signatures);
    }
}
