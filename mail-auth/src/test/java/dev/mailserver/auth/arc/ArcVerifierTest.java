package dev.mailserver.auth.arc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.mailserver.auth.dkim.DkimVerifier;
import dev.mailserver.auth.dns.AuthDns;
import dev.mailserver.auth.message.MailMessage;
import dev.mailserver.auth.testing.Dkimpy;
import dev.mailserver.auth.testing.RsaTestKey;
import dev.mailserver.delivery.testing.TestDnsServer;

/** ARC chains sealed by dkimpy, as forwarders in front of us would, validated by ours. */
class ArcVerifierTest {
    private static final String MESSAGE = """
        From: Alice <alice@example.com>\r
        To: list@lists.example.org\r
        Subject: meeting\r
        Date: Tue, 01 Dec 2026 08:00:00 +0000\r
        \r
        See you at ten.\r
        """;

    @TempDir
    Path directory;

    private TestDnsServer dnsServer;
    private Dkimpy dkimpy;
    private Path keyFile;
    private ArcVerifier verifier;

    @BeforeEach
    void setUp() throws Exception {
        dkimpy = Dkimpy.require(directory);
        RsaTestKey key = RsaTestKey.make(directory, "arc");
        keyFile = key.file();
        dnsServer = TestDnsServer.start().txt("arc._domainkey.lists.example.org", key.record()).txt("arc._domainkey.relay.example.net", key.record());
        AuthDns dns = AuthDns.using(List.of(dnsServer.address()), Duration.ofSeconds(2));
        verifier = new ArcVerifier(new DkimVerifier(dns, Clock.systemUTC(), 5));
    }

    @AfterEach
    void tearDown() throws Exception {
        if (dnsServer != null) {
            dnsServer.close();
        }
    }

    @Test
    void aMessageWithoutArcHasNone() {
        assertThat(verifier.verify(parse(MESSAGE)).status()).isEqualTo(ArcStatus.NONE);
    }

    @Test
    void chainsOfOneAndTwoSetsPass() throws Exception {
        String once = sealed("lists.example.org", "Authentication-Results: lists.example.org; dkim=pass header.d=example.com\r\n" + MESSAGE);
        String twice = sealed("relay.example.net", "Authentication-Results: relay.example.net; arc=pass\r\n" + once);

        ArcResult first = verifier.verify(parse(once));
        ArcResult second = verifier.verify(parse(twice));

        assertThat(first.status()).as(first.reason()).isEqualTo(ArcStatus.PASS);
        assertThat(first.instances()).isEqualTo(1);
        assertThat(second.status()).as(second.reason()).isEqualTo(ArcStatus.PASS);
        assertThat(second.instances()).isEqualTo(2);
        assertThat(dkimpy.arcVerify(twice.getBytes(StandardCharsets.UTF_8), dnsServer.address().getPort())).startsWith("pass");
    }

    @Test
    void aChangedBodyOrChangedEarlierResultsBreakTheChain() throws Exception {
        String once = sealed("lists.example.org", "Authentication-Results: lists.example.org; dkim=pass header.d=example.com\r\n" + MESSAGE);
        String twice = sealed("relay.example.net", "Authentication-Results: relay.example.net; arc=pass\r\n" + once);

        ArcResult body = verifier.verify(parse(twice.replace("at ten", "at noon")));
        ArcResult results = verifier.verify(parse(twice.replace("i=1; lists.example.org; dkim=pass", "i=1; lists.example.org; dkim=fail")));
        ArcResult missing = verifier.verify(parse(twice.replaceFirst("(?s)ARC-Seal: i=1;.*?(?=\\r\\n[^ \\t])\\r\\n", "")));

        assertThat(body.status()).isEqualTo(ArcStatus.FAIL);
        assertThat(body.reason()).contains("ARC-Message-Signature i=2");
        assertThat(results.status()).isEqualTo(ArcStatus.FAIL);
        assertThat(results.reason()).contains("ARC-Seal i=");
        assertThat(missing.status()).isEqualTo(ArcStatus.FAIL);
        assertThat(missing.reason()).contains("incomplete");
    }

    private String sealed(String domain, String message) throws Exception {
        return dkimpy.arcSign(message.getBytes(StandardCharsets.UTF_8), domain, "arc", keyFile, domain) + message;
    }

    private static MailMessage parse(String text) {
        return MailMessage.parse(text.getBytes(StandardCharsets.UTF_8));
    }
}
