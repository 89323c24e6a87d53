package dev.mailserver.auth.arc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.mailserver.auth.dkim.DkimAlgorithm;
import dev.mailserver.auth.dkim.DkimSigningKey;
import dev.mailserver.auth.dkim.DkimVerifier;
import dev.mailserver.auth.dns.AuthDns;
import dev.mailserver.auth.message.MailMessage;
import dev.mailserver.auth.testing.Dkimpy;
import dev.mailserver.auth.testing.RsaTestKey;
import dev.mailserver.core.mime.HeaderSection.Field;
import dev.mailserver.delivery.testing.TestDnsServer;

/** Our ARC sets, first in a chain and after one dkimpy sealed, as dkimpy (the independent verifier) and our verifier see them. */
class ArcSealerTest {
    private static final String MESSAGE = """
        Message-ID: <meeting-1@example.com>\r
        Date: Tue, 01 Dec 2026 08:00:00 +0000\r
        From: Alice <alice@example.com>\r
        Subject: meeting\r
        To: team@fwd.example.org\r
        \r
        See you at ten.  \r
        \r
        """;

    @TempDir
    Path directory;

    private TestDnsServer dnsServer;
    private Dkimpy dkimpy;
    private Path keyFile;
    private ArcSealer sealer;
    private ArcVerifier verifier;

    @BeforeEach
    void setUp() throws Exception {
        dkimpy = Dkimpy.require(directory);
        RsaTestKey key = RsaTestKey.make(directory, "arc");
        keyFile = key.file();
        dnsServer = TestDnsServer.start().txt("arc._domainkey.lists.example.org", key.record()).txt("mail._domainkey.fwd.example.org", key.record());
        sealer = new ArcSealer(new DkimSigningKey("fwd.example.org", "mail", DkimAlgorithm.RSA_SHA256, key.pair().getPrivate()),
            "mx.fwd.example.org", Clock.systemUTC());
        verifier = new ArcVerifier(new DkimVerifier(AuthDns.using(List.of(dnsServer.address()), Duration.ofSeconds(2)), Clock.systemUTC(), 5));
    }

    @AfterEach
    void tearDown() throws Exception {
        if (dnsServer != null) {
            dnsServer.close();
        }
    }

    @Test
    void theFirstSetCarriesOurResultsAndPassesInDkimpyAndOurs() throws Exception {
        String received = "Authentication-Results: mx.fwd.example.org;\r\n\tspf=pass smtp.mailfrom=example.com;\r\n\tdkim=none;\r\n"
            + "\tarc=none;\r\n\tdmarc=none header.from=example.com\r\n" + MESSAGE;

        String forwarded = sealed(received);

        assertThat(forwarded).startsWith("ARC-Seal: i=1; a=rsa-sha256; cv=none; d=fwd.example.org; s=mail;")
            .contains("ARC-Authentication-Results: i=1; mx.fwd.example.org;\r\n\tspf=pass smtp.mailfrom=example.com;")
            .contains("ARC-Message-Signature: i=1; a=rsa-sha256; c=relaxed/relaxed; d=fwd.example.org; s=mail;");
        assertThat(dkimpy.arcVerify(bytes(forwarded), dnsServer.address().getPort())).startsWith("pass");
        assertThat(verifier.verify(parse(forwarded)).status()).isEqualTo(ArcStatus.PASS);
        assertThat(dkimpy.arcVerify(bytes(forwarded.replace("at ten", "at noon")), dnsServer.address().getPort())).startsWith("fail");
    }

    @Test
    void aPassingChainGetsTheNextSetWithCvPass() throws Exception {
        String first = dkimpy.arcSign(bytes("Authentication-Results: lists.example.org; dkim=pass header.d=example.com\r\n" + MESSAGE),
            "lists.example.org", "arc", keyFile, "lists.example.org") + MESSAGE;
        String received = "Authentication-Results: mx.fwd.example.org; spf=fail smtp.mailfrom=lists.example.org;\r\n"
            + "\tarc=pass (i=1); dmarc=fail header.from=example.com\r\n" + first;

        String forwarded = sealed(received);
        ArcResult ours = verifier.verify(parse(forwarded));

        assertThat(forwarded).startsWith("ARC-Seal: i=2; a=rsa-sha256; cv=pass;");
        assertThat(dkimpy.arcVerify(bytes(forwarded), dnsServer.address().getPort())).startsWith("pass");
        assertThat(ours.status()).as(ours.reason()).isEqualTo(ArcStatus.PASS);
        assertThat(ours.instances()).isEqualTo(2);
    }

    @Test
    void aChainOurChecksFoundBrokenIsSealedWithCvFailAndThenNoMore() throws Exception {
        String first = dkimpy.arcSign(bytes("Authentication-Results: lists.example.org; dkim=pass header.d=example.com\r\n" + MESSAGE),
            "lists.example.org", "arc", keyFile, "lists.example.org") + MESSAGE.replace("at ten", "at noon");
        String received = "Authentication-Results: mx.fwd.example.org; spf=none;\r\n"
            + "\tarc=fail (ARC-Message-Signature i=1: the body hash does not match \\(bh=\\); arc=pass) (i=1)\r\n" + first;

        String forwarded = sealed(received);

        assertThat(forwarded).startsWith("ARC-Seal: i=2; a=rsa-sha256; cv=fail;");
        assertThat(dkimpy.arcVerify(bytes(forwarded), dnsServer.address().getPort())).startsWith("fail");
        assertThat(sealer.seal(parse("Authentication-Results: mx.fwd.example.org; arc=fail\r\n" + forwarded)).reason())
            .isEqualTo("the ARC chain failed before us (cv=fail)");
    }

    @Test
    void aChainNotValidatedHereIsNotSealed() throws Exception {
        String first = dkimpy.arcSign(bytes("Authentication-Results: lists.example.org; dkim=pass\r\n" + MESSAGE),
            "lists.example.org", "arc", keyFile, "lists.example.org") + MESSAGE;

        ArcSealer.Sealing sealing = sealer.seal(parse("Authentication-Results: elsewhere.example; arc=pass\r\n" + first));

        assertThat(sealing.fields()).isEmpty();
        assertThat(sealing.reason()).isEqualTo("the ARC chain was not validated when the message arrived");
    }

    private String sealed(String message) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Field field : sealer.seal(parse(message)).fields()) {
            out.writeBytes((field.text() + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        return out.toString(StandardCharsets.UTF_8) + message;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static MailMessage parse(String text) {
        return MailMessage.parse(bytes(text));
    }
}
