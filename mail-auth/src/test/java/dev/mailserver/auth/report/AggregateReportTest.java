package dev.mailserver.auth.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathFactory;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

import dev.mailserver.auth.dkim.DkimVerifier;
import dev.mailserver.auth.dmarc.DmarcEvaluator;
import dev.mailserver.auth.dns.AuthDns;
import dev.mailserver.auth.inbound.InboundAuthentication;
import dev.mailserver.auth.inbound.InboundAuthenticator;
import dev.mailserver.auth.message.MailMessage;
import dev.mailserver.auth.spf.SpfChecker;
import dev.mailserver.delivery.testing.TestDnsServer;

/** Observations of checked messages, logged per day, and the aggregate report XML made of them. */
class AggregateReportTest {
    private static final Instant NOON = Instant.parse("2026-12-01T12:00:00Z");

    @TempDir
    Path directory;

    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private TestDnsServer dns;
    private InboundAuthenticator authenticator;

    @BeforeEach
    void setUp() throws Exception {
        dns = TestDnsServer.start()
            .txt("example.com", "v=spf1 ip4:192.0.2.0/24 -all")
            .txt("_dmarc.example.com", "v=DMARC1; p=quarantine; sp=reject; adkim=s; rua=mailto:dmarc@example.com")
            .txt("plain.example", "v=spf1 -all");
        AuthDns authDns = AuthDns.using(List.of(dns.address()), Duration.ofSeconds(2));
        authenticator = new InboundAuthenticator(new SpfChecker(authDns, "mx.example.net", Clock.systemUTC()),
            new DkimVerifier(authDns, Clock.systemUTC(), 5), new DmarcEvaluator(authDns, new Random(1)), "mx.example.net",
            executor, Duration.ofSeconds(20));
    }

    @AfterEach
    void tearDown() throws Exception {
        executor.shutdownNow();
        dns.close();
    }

    @Test
    void theReportGroupsTheDaysMessagesOfTheDomainIntoRows() throws Exception {
        DmarcObservationLog log = new DmarcObservationLog(directory.resolve("dmarc"));
        log.record("192.0.2.25", check("192.0.2.25", "alice@example.com"), NOON);
        log.record("192.0.2.25", check("192.0.2.25", "alice@example.com"), NOON.plusSeconds(60));
        log.record("198.51.100.7", check("198.51.100.7", "alice@example.com"), NOON.plusSeconds(120));
        log.record("198.51.100.7", check("198.51.100.7", "bob@plain.example"), NOON.plusSeconds(180));

        List<DmarcObservation> observations = log.day(LocalDate.of(2026, 12, 1), "example.com");
        AggregateReport report = new AggregateReport("mx.example.net", "postmaster@mx.example.net", "example.com",
            Instant.parse("2026-12-01T00:00:00Z"), Instant.parse("2026-12-02T00:00:00Z"), observations);
        String xml = report.toXml();

        assertThat(observations).hasSize(3);
        assertThat(log.day(LocalDate.of(2026, 12, 1))).hasSize(3);
        assertThat(new String(new GZIPInputStream(new ByteArrayInputStream(report.toGzip())).readAllBytes(), StandardCharsets.UTF_8))
            .isEqualTo(xml);
        assertThat(report.fileName()).isEqualTo("mx.example.net!example.com!1796083200!1796169600.xml.gz");
        Document document = DocumentBuilderFactory.newInstance().newDocumentBuilder()
            .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        XPath xpath = XPathFactory.newInstance().newXPath();
        assertThat(xpath.evaluate("/feedback/report_metadata/org_name", document)).isEqualTo("mx.example.net");
        assertThat(xpath.evaluate("/feedback/report_metadata/date_range/begin", document)).isEqualTo("1796083200");
        assertThat(xpath.evaluate("/feedback/policy_published/domain", document)).isEqualTo("example.com");
        assertThat(xpath.evaluate("/feedback/policy_published/p", document)).isEqualTo("quarantine");
        assertThat(xpath.evaluate("/feedback/policy_published/sp", document)).isEqualTo("reject");
        assertThat(xpath.evaluate("/feedback/policy_published/adkim", document)).isEqualTo("s");
        assertThat(xpath.evaluate("count(/feedback/record)", document)).isEqualTo("2");
        assertThat(xpath.evaluate("/feedback/record[row/source_ip='192.0.2.25']/row/count", document)).isEqualTo("2");
        assertThat(xpath.evaluate("/feedback/record[row/source_ip='192.0.2.25']/row/policy_evaluated/spf", document)).isEqualTo("pass");
        assertThat(xpath.evaluate("/feedback/record[row/source_ip='198.51.100.7']/row/policy_evaluated/disposition", document))
            .isEqualTo("quarantine");
        assertThat(xpath.evaluate("/feedback/record[row/source_ip='198.51.100.7']/auth_results/spf/result", document)).isEqualTo("fail");
        assertThat(xpath.evaluate("/feedback/record[row/source_ip='198.51.100.7']/identifiers/header_from", document))
            .isEqualTo("example.com");
    }

    private InboundAuthentication check(String client, String from) throws Exception {
        MailMessage message = MailMessage.parse(("From: " + from + "\r\nSubject: hi\r\n\r\nhello\r\n").getBytes(StandardCharsets.US_ASCII));
        return authenticator.check(InetAddress.getByName(client), "mail.example.com", from, message).get(30, TimeUnit.SECONDS);
    }
}
