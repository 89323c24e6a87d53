package dev.mailserver.auth.dkim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.mailserver.auth.dns.AuthDns;
import dev.mailserver.auth.message.MailMessage;
import dev.mailserver.auth.testing.Dkimpy;
import dev.mailserver.delivery.testing.TestDnsServer;

/** The verdicts that are not a plain pass or fail: expiry, l=, weak and revoked keys, missing keys, the maximum. */
class DkimVerifierTest {
    private static final String MESSAGE = "From: alice@example.com\r\nTo: bob@example.net\r\nSubject: hi\r\n\r\nHello.\r\n";
    private static final Instant NOW = Instant.parse("2026-12-01T08:00:00Z");

    @TempDir
    Path directory;

    private TestDnsServer dnsServer;
    private AuthDns dns;
    private KeyPair ed25519;

    @BeforeEach
    void setUp() throws Exception {
        ed25519 = DkimKeys.generate(DkimAlgorithm.ED25519_SHA256, 0);
        dnsServer = TestDnsServer.start()
            .txt("ed._domainkey.example.com", DkimKeys.txtRecord(DkimAlgorithm.ED25519_SHA256, ed25519.getPublic()))
            .txt("gone._domainkey.example.com", "v=DKIM1; k=ed25519; p=");
        dns = AuthDns.using(List.of(dnsServer.address()), Duration.ofSeconds(2));
    }

    @AfterEach
    void tearDown() throws Exception {
        dnsServer.close();
    }

    @Test
    void anExpiredSignatureFails() {
        DkimSigner signer = new DkimSigner(List.of(key("ed")), Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofHours(1),
            Canonicalization.RELAXED, Canonicalization.RELAXED);
        MailMessage signed = sign(signer);

        assertThat(verifierAt(NOW.plusSeconds(600)).verify(signed)).extracting(DkimResult::status).containsExactly(DkimStatus.PASS);
        assertThat(verifierAt(NOW.plus(Duration.ofHours(2))).verify(signed)).singleElement()
            .satisfies(result -> assertThat(result.status()).isEqualTo(DkimStatus.FAIL))
            .satisfies(result -> assertThat(result.reason()).contains("expired"));
    }

    @Test
    void aBodyLengthLimitThatLeavesTextUnsignedIsPolicy() throws Exception {
        Dkimpy dkimpy = Dkimpy.require(directory);
        KeyPair rsa = DkimKeys.generate(DkimAlgorithm.RSA_SHA256, 1024);
        dnsServer.txt("rsa._domainkey.example.com", DkimKeys.txtRecord(DkimAlgorithm.RSA_SHA256, rsa.getPublic()));
        Path keyFile = directory.resolve("rsa.key");
        DkimKeys.writePrivateKey(rsa.getPrivate(), keyFile);
        String signature = dkimpy.signWithLength(MESSAGE.getBytes(StandardCharsets.US_ASCII), "example.com", "rsa", keyFile, "rsa-sha256");
        assertThat(signature).contains("l=");

        DkimVerifier verifier = verifierAt(Instant.now());
        assertThat(verifier.verify(parse(signature + MESSAGE))).extracting(DkimResult::status).containsExactly(DkimStatus.PASS);
        assertThat(verifier.verify(parse(signature + MESSAGE + "Click here: http://bad.example/\r\n"))).singleElement()
            .satisfies(result -> assertThat(result.status()).isEqualTo(DkimStatus.POLICY));
    }

    @Test
    void anRsaKeyShorterThan1024BitsIsRefused() {
        KeyPair weak = DkimKeys.generate(DkimAlgorithm.RSA_SHA256, 768);
        dnsServer.txt("weak._domainkey.example.com", DkimKeys.txtRecord(DkimAlgorithm.RSA_SHA256, weak.getPublic()));
        DkimSigner signer = new DkimSigner(List.of(new DkimSigningKey("example.com", "weak", DkimAlgorithm.RSA_SHA256, weak.getPrivate())),
            Clock.systemUTC());

        assertThat(verifierAt(Instant.now()).verify(sign(signer))).singleElement().satisfies(result -> {
            assertThat(result.status()).isEqualTo(DkimStatus.PERMERROR);
            assertThat(result.reason()).contains("768 bits");
        });
    }

    @Test
    void aRevokedOrMissingKeyIsPermerror() {
        DkimSigner signer = new DkimSigner(List.of(key("gone"), key("absent")), Clock.systemUTC());

        assertThat(verifierAt(Instant.now()).verify(sign(signer))).extracting(DkimResult::status, DkimResult::selector)
            .containsExactly(tuple(DkimStatus.PERMERROR, "gone"),
                tuple(DkimStatus.PERMERROR, "absent"));
    }

    @Test
    void onlyTheFirstSignaturesUpToTheMaximumAreChecked() {
        DkimSigner signer = new DkimSigner(List.of(key("ed"), key("ed"), key("ed")), Clock.systemUTC());

        assertThat(new DkimVerifier(dns, Clock.systemUTC(), 2).verify(sign(signer))).hasSize(2);
    }

    private DkimSigningKey key(String selector) {
        return new DkimSigningKey("example.com", selector, DkimAlgorithm.ED25519_SHA256, ed25519.getPrivate());
    }

    private static MailMessage sign(DkimSigner signer) {
        MailMessage message = parse(MESSAGE);
        return message.withPrepended(signer.signatures(message));
    }

    private DkimVerifier verifierAt(Instant instant) {
        return new DkimVerifier(dns, Clock.fixed(instant, ZoneOffset.UTC), 5);
    }

    private static MailMessage parse(String text) {
        return MailMessage.parse(text.getBytes(StandardCharsets.US_ASCII));
    }
}
