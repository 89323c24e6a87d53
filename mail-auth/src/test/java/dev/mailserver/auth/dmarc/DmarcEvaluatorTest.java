package dev.mailserver.auth.dmarc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.mailserver.auth.dkim.DkimResult;
import dev.mailserver.auth.dkim.DkimStatus;
import dev.mailserver.auth.dns.AuthDns;
import dev.mailserver.auth.message.MailMessage;
import dev.mailserver.auth.spf.SpfResult;
import dev.mailserver.auth.spf.SpfVerdict;
import dev.mailserver.delivery.testing.TestDnsServer;

/** DMARC policies served by a loopback DNS server. */
class DmarcEvaluatorTest {
    private TestDnsServer dnsServer;
    private DmarcEvaluator evaluator;

    @BeforeEach
    void setUp() throws Exception {
        dnsServer = TestDnsServer.start()
            .txt("_dmarc.example.com", "v=DMARC1; p=reject; sp=quarantine; np=reject; rua=mailto:dmarc@example.com")
            .address("example.com", "192.0.2.1")
            .address("news.example.com", "192.0.2.2")
            .txt("_dmarc.strict.example", "v=DMARC1; p=quarantine; adkim=s; aspf=s")
            .address("mail.strict.example", "192.0.2.3")
            .txt("_dmarc.sampled.example", "v=DMARC1; p=reject; pct=0")
            .txt("_dmarc.relaxed.example", "v=DMARC1; p=quarantine")
            .address("unprotected.example", "192.0.2.4")
            .failing("_dmarc.broken.example");
        evaluator = new DmarcEvaluator(AuthDns.using(List.of(dnsServer.address()), Duration.ofSeconds(2)), new Random(1));
    }

    @AfterEach
    void tearDown() throws Exception {
        dnsServer.close();
    }

    @Test
    void anAlignedDkimPassPassesEvenWhenSpfFails() {
        DmarcResult result = evaluator.evaluate(from("alice@example.com"), spf(SpfResult.FAIL, "example.com"), List.of(dkim("example.com")));

        assertThat(result.status()).isEqualTo(DmarcStatus.PASS);
        assertThat(result.dkimAligned()).isTrue();
        assertThat(result.disposition()).isEqualTo(DmarcPolicy.NONE);
    }

    @Test
    void relaxedAlignmentAcceptsASubdomainAndStrictDoesNot() {
        assertThat(evaluator.evaluate(from("alice@news.example.com"), spf(SpfResult.PASS, "bounces.example.com"), List.of()).status())
            .isEqualTo(DmarcStatus.PASS);
        assertThat(evaluator.evaluate(from("alice@relaxed.example"), spf(SpfResult.NONE, ""), List.of(dkim("mail.relaxed.example"))).status())
            .isEqualTo(DmarcStatus.PASS);

        DmarcResult strict = evaluator.evaluate(from("alice@strict.example"), spf(SpfResult.PASS, "mail.strict.example"),
            List.of(dkim("mail.strict.example")));
        assertThat(strict.status()).isEqualTo(DmarcStatus.FAIL);
        assertThat(strict.disposition()).isEqualTo(DmarcPolicy.QUARANTINE);
        assertThat(evaluator.evaluate(from("alice@strict.example"), spf(SpfResult.PASS, "strict.example"), List.of()).status())
            .isEqualTo(DmarcStatus.PASS);
    }

    @Test
    void aFailingAuthorDomainGetsItsPolicyAndSubdomainsGetSpAndNonExistentOnesNp() {
        DmarcResult top = evaluator.evaluate(from("alice@example.com"), spf(SpfResult.FAIL, "example.com"), List.of());
        DmarcResult subdomain = evaluator.evaluate(from("alice@news.example.com"), spf(SpfResult.FAIL, "news.example.com"), List.of());
        DmarcResult nonExistent = evaluator.evaluate(from("alice@nowhere.example.com"), spf(SpfResult.NONE, "nowhere.example.com"), List.of());

        assertThat(top.status()).isEqualTo(DmarcStatus.FAIL);
        assertThat(top.disposition()).isEqualTo(DmarcPolicy.REJECT);
        assertThat(subdomain.policyDomain()).isEqualTo("example.com");
        assertThat(subdomain.disposition()).isEqualTo(DmarcPolicy.QUARANTINE);
        assertThat(nonExistent.disposition()).isEqualTo(DmarcPolicy.REJECT);
    }

    @Test
    void pctZeroAppliesTheNextMilderPolicy() {
        DmarcResult result = evaluator.evaluate(from("alice@sampled.example"), spf(SpfResult.FAIL, "sampled.example"), List.of());

        assertThat(result.requested()).isEqualTo(DmarcPolicy.REJECT);
        assertThat(result.disposition()).isEqualTo(DmarcPolicy.QUARANTINE);
    }

    @Test
    void noRecordIsNoneAndAFailedLookupIsTemperror() {
        assertThat(evaluator.evaluate(from("alice@unprotected.example"), spf(SpfResult.FAIL, "unprotected.example"), List.of()).status())
            .isEqualTo(DmarcStatus.NONE);
        assertThat(evaluator.evaluate(from("alice@broken.example"), spf(SpfResult.FAIL, "broken.example"), List.of()).status())
            .isEqualTo(DmarcStatus.TEMPERROR);
    }

    @Test
    void twoFromFieldsArePermerror() {
        MailMessage message = MailMessage.parse("From: a@example.com\r\nFrom: b@example.org\r\n\r\nx\r\n".getBytes(StandardCharsets.US_ASCII));

        assertThat(evaluator.evaluate(message, spf(SpfResult.PASS, "example.com"), List.of()).status()).isEqualTo(DmarcStatus.PERMERROR);
    }

    @Test
    void theOrganizationalDomainComesFromThePublicSuffixList() {
        assertThat(OrganizationalDomain.of("mail.news.example.co.uk")).isEqualTo("example.co.uk");
        assertThat(OrganizationalDomain.of("a.b.example.com")).isEqualTo("example.com");
        assertThat(OrganizationalDomain.of("co.uk")).isEqualTo("co.uk");
    }

    private static MailMessage from(String address) {
        return MailMessage.parse(("From: Someone <" + address + ">\r\nSubject: hi\r\n\r\nhello\r\n").getBytes(StandardCharsets.US_ASCII));
    }

    private static SpfVerdict spf(SpfResult result, String domain) {
        return new SpfVerdict(result, domain, "mailfrom", "", "");
    }

    private static DkimResult dkim(String domain) {
        return new DkimResult(DkimStatus.PASS, domain, "s", "rsa-sha256", "abcdefgh", "");
    }
}
