package dev.mailserver.auth.dkim;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import dev.mailserver.auth.dns.AuthDns;
import dev.mailserver.core.mime.HeaderSection.Field;
import dev.mailserver.auth.message.MailMessage;
import dev.mailserver.auth.testing.Dkimpy;
import dev.mailserver.delivery.testing.TestDnsServer;

/** Our signatures against dkimpy's verifier and dkimpy's signatures against ours, over a loopback DNS server. */
class DkimInteropTest {
    private static final String MESSAGE = """
        From: Alice Example <alice@example.com>\r
        To: bob@example.net\r
        Cc: carol@example.org\r
        Subject: Quarterly numbers, with a subject long enough that a mail client might fold it somewhere\r
        Date: Tue, 01 Dec 2026 08:00:00 +0000\r
        Message-ID: <1234@example.com>\r
        MIME-Version: 1.0\r
        Content-Type: text/plain; charset=utf-8\r
        \r
        Hello Bob,\r
        \r
        the numbers  are\tin.\r
        \r
        \r
        """;

    @TempDir
    Path directory;

    private TestDnsServer dnsServer;
    private AuthDns dns;
    private Dkimpy dkimpy;
    private KeyPair rsa;
    private KeyPair ed25519;

    @BeforeEach
    void setUp() throws Exception {
        dkimpy = Dkimpy.require(directory);
        dnsServer = TestDnsServer.start();
        dns = AuthDns.using(List.of(dnsServer.address()), Duration.ofSeconds(2));
        rsa = DkimKeys.generate(DkimAlgorithm.RSA_SHA256, 2048);
        ed25519 = DkimKeys.generate(DkimAlgorithm.ED25519_SHA256, 0);
        publish("rsa", DkimAlgorithm.RSA_SHA256, rsa);
        publish("ed", DkimAlgorithm.ED25519_SHA256, ed25519);
    }

    @AfterEach
    void tearDown() throws Exception {
        if (dnsServer != null) {
            dnsServer.close();
        }
    }

    @Test
    void bothOfOurSignaturesVerifyInDkimpy() throws Exception {
        byte[] signed = signedByUs(MESSAGE);

        assertThat(dkimpy.verify(signed, dnsServer.address().getPort())).containsExactly("pass", "pass");
        assertThat(new String(signed, StandardCharsets.UTF_8))
            .contains("a=rsa-sha256", "a=ed25519-sha256", "c=relaxed/relaxed", "h=from:from:subject:subject:date:date:to:to:cc:cc:")
            .doesNotContain("l=");
    }

    @Test
    void ourSignaturesSurviveRefoldingAndTrailingSpaces() throws Exception {
        String signed = new String(signedByUs(MESSAGE), StandardCharsets.UTF_8);
        String mangled = signed
            .replace("might fold it somewhere", "might fold it\r\n\t  somewhere")
            .replace("To: bob@example.net", "To:   bob@example.net   ")
            .replace("Hello Bob,", "Hello Bob,   \t")
            .replace("in.\r\n", "in. \r\n");
        assertThat(mangled).isNotEqualTo(signed);
        byte[] bytes = mangled.getBytes(StandardCharsets.UTF_8);

        assertThat(dkimpy.verify(bytes, dnsServer.address().getPort())).containsExactly("pass", "pass");
        assertThat(verifier().verify(MailMessage.parse(bytes))).extracting(DkimResult::status)
            .containsExactly(DkimStatus.PASS, DkimStatus.PASS);
    }

    @Test
    void aChangedBodyOrAnAddedFromBreaksOurSignaturesForDkimpyToo() throws Exception {
        String signed = new String(signedByUs(MESSAGE), StandardCharsets.UTF_8);
        byte[] changedBody = signed.replace("numbers  are", "numbers were").getBytes(StandardCharsets.UTF_8);
        byte[] secondFrom = signed.replace("MIME-Version: 1.0", "From: mallory@example.com\r\nMIME-Version: 1.0")
            .getBytes(StandardCharsets.UTF_8);

        assertThat(dkimpy.verify(changedBody, dnsServer.address().getPort())).containsExactly("fail", "fail");
        assertThat(verifier().verify(MailMessage.parse(changedBody))).extracting(DkimResult::status)
            .containsExactly(DkimStatus.FAIL, DkimStatus.FAIL);
        assertThat(dkimpy.verify(secondFrom, dnsServer.address().getPort())).containsExactly("fail", "fail");
        assertThat(verifier().verify(MailMessage.parse(secondFrom))).extracting(DkimResult::status)
            .containsExactly(DkimStatus.FAIL, DkimStatus.FAIL);
    }

    @ParameterizedTest
    @CsvSource({
        "rsa-sha256, relaxed/relaxed", "rsa-sha256, simple/simple", "rsa-sha256, relaxed/simple",
        "ed25519-sha256, relaxed/relaxed", "ed25519-sha256, simple/simple"})
    void dkimpysSignaturesVerifyInOurs(String algorithm, String canonicalization) throws Exception {
        boolean isRsa = algorithm.startsWith("rsa");
        Path key = directory.resolve("dkimpy.key");
        if (isRsa) {
            DkimKeys.writePrivateKey(rsa.getPrivate(), key);
        } else {
            byte[] pkcs8 = ed25519.getPrivate().getEncoded();
            Files.writeString(key, Base64.getEncoder().encodeToString(Arrays.copyOfRange(pkcs8, pkcs8.length - 32, pkcs8.length)));
        }
        byte[] message = MESSAGE.getBytes(StandardCharsets.UTF_8);
        String signature = dkimpy.sign(message, "example.com", isRsa ? "rsa" : "ed", key, algorithm, canonicalization);
        byte[] signed = (signature + MESSAGE).getBytes(StandardCharsets.UTF_8);

        List<DkimResult> results = verifier().verify(MailMessage.parse(signed));

        assertThat(results).singleElement().satisfies(result -> {
            assertThat(result.status()).as(result.reason()).isEqualTo(DkimStatus.PASS);
            assertThat(result.domain()).isEqualTo("example.com");
            assertThat(result.algorithm()).isEqualTo(algorithm);
        });
    }

    @ParameterizedTest
    @EnumSource(DkimAlgorithm.class)
    void aMessageWithBareLineFeedsIsSignedAsItsCrlfForm(DkimAlgorithm algorithm) throws Exception {
        DkimSigningKey key = algorithm == DkimAlgorithm.RSA_SHA256
            ? new DkimSigningKey("example.com", "rsa", algorithm, rsa.getPrivate())
            : new DkimSigningKey("example.com", "ed", algorithm, ed25519.getPrivate());
        MailMessage message = MailMessage.parse(MESSAGE.replace("\r\n", "\n").getBytes(StandardCharsets.UTF_8));
        byte[] signed = message.withPrepended(new DkimSigner(List.of(key), Clock.systemUTC()).signatures(message)).toBytes();

        assertThat(dkimpy.verify(signed, dnsServer.address().getPort())).containsExactly("pass");
    }

    private byte[] signedByUs(String text) {
        DkimSigner signer = new DkimSigner(List.of(
            new DkimSigningKey("example.com", "rsa", DkimAlgorithm.RSA_SHA256, rsa.getPrivate()),
            new DkimSigningKey("example.com", "ed", DkimAlgorithm.ED25519_SHA256, ed25519.getPrivate())), Clock.systemUTC());
        MailMessage message = MailMessage.parse(text.getBytes(StandardCharsets.UTF_8));
        List<Field> signatures = signer.signatures(message);
        assertThat(signatures).hasSize(2);
        return message.withPrepended(signatures).toBytes();
    }

    private DkimVerifier verifier() {
        return new DkimVerifier(dns, Clock.systemUTC(), 5);
    }

    private void publish(String selector, DkimAlgorithm algorithm, KeyPair pair) {
        dnsServer.txt(selector + "._domainkey.example.com", DkimKeys.txtRecord(algorithm, pair.getPublic()));
    }
}
