package dev.mailserver.delivery.tls;

import static dev.mailserver.delivery.tls.OutboundTlsFixture.enforce;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.zip.GZIPInputStream;

import org.apache.james.core.MailAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.mailserver.core.queue.QueuedMail;
import dev.mailserver.core.testing.MutableClock;
import dev.mailserver.delivery.TlsPolicy;
import dev.mailserver.delivery.https.HttpsClient;
import dev.mailserver.delivery.testing.TestCa;
import dev.mailserver.delivery.testing.TestPolicyServer;
import dev.mailserver.delivery.tlsrpt.TlsReportSender;
import dev.mailserver.delivery.tlsrpt.TlsResultCollector;
import dev.mailserver.queue.RocksDbMailQueue;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

/**
 * TLS-RPT (RFC 8460): the results of real deliveries under an MTA-STS policy are counted, and the day's
 * report goes to the domain's rua addresses: by mail into our own spool, and by HTTPS POST.
 */
class TlsReportingTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    private OutboundTlsFixture world;
    private RocksDbMailQueue queue;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-30T10:00:00Z"));

    @BeforeEach
    void start() throws Exception {
        world = new OutboundTlsFixture();
        queue = RocksDbMailQueue.open(dir.resolve("spool"), clock);
    }

    @AfterEach
    void stop() throws Exception {
        queue.close();
        world.close();
    }

    @Test
    void theDaysResultsGoToTheRuaAddressesByMailAndByHttps() throws Exception {
        TlsResultCollector collector = new TlsResultCollector(clock, Optional.of(dir.resolve("tls-reports.json")));
        world.alsoTold = collector;
        TestPolicyServer server = world.publishPolicy("1", enforce("mx1.remote.test"));
        world.dns.replaceTxt("_smtp._tls.remote.test", "v=TLSRPTv1; rua=mailto:tls-reports@reports.test,https://mta-sts.remote.test:"
            + server.port() + "/tlsrpt");
        world.mx.offerTls(world.ca.issue("mx1.remote.test").serverContext());
        world.deliver(TlsPolicy.MTA_STS, world.planner(dir.resolve("sts"), null));
        world.mx.offerTls(TestCa.selfSigned("mx1.remote.test").serverContext());
        world.deliver(TlsPolicy.MTA_STS, world.planner(dir.resolve("sts"), null));

        TlsReportSender sender;
        try (HttpsClient https = new HttpsClient(world.resolver(), Optional.of(world.ca.trustStore()), Duration.ofSeconds(5))) {
            sender = new TlsReportSender(new TlsReportSender.Settings("Example Org", "mailto:postmaster@client.example.test",
                "client.example.test", new MailAddress("postmaster@client.example.test")), world.resolver(), https, queue, clock);
            assertThat(sender.sendFinishedDays(collector)).as("the day is not over").isZero();
            clock.advance(Duration.ofDays(1));
            assertThat(sender.sendFinishedDays(collector)).isEqualTo(2);
            assertThat(sender.sendFinishedDays(collector)).as("each day is reported once").isZero();
        }

        assertThat(server.posted()).singleElement().satisfies(posted -> {
            assertThat(posted.mediaType()).isEqualTo("application/tlsrpt+gzip");
            assertReport(JSON.readTree(new GZIPInputStream(new ByteArrayInputStream(posted.body()))));
        });
        List<QueuedMail> queued = queue.leaseDue(clock.instant(), 10);
        assertThat(queued).singleElement().satisfies(mail -> {
            assertThat(mail.sender().asString("")).isEqualTo("postmaster@client.example.test");
            assertThat(mail.recipients()).extracting(state -> state.recipient().asString()).containsExactly("tls-reports@reports.test");
        });
        try (InputStream in = queue.content(queued.get(0).id()).openStream()) {
            MimeMessage message = new MimeMessage(Session.getInstance(new Properties()), in);
            assertThat(message.getSubject()).startsWith("Report Domain: remote.test Submitter: client.example.test Report-ID: <");
            assertThat(message.getHeader("TLS-Report-Domain")).containsExactly("remote.test");
            assertThat(message.getContentType()).contains("multipart/report").contains("report-type=tlsrpt");
            Part attachment = ((Multipart) message.getContent()).getBodyPart(1);
            assertThat(attachment.getContentType()).startsWith("application/tlsrpt+gzip");
            assertThat(attachment.getFileName()).isEqualTo("client.example.test!remote.test!1795996800!1796083199.json.gz");
            assertReport(JSON.readTree(new GZIPInputStream(attachment.getInputStream())));
        }
    }

    @Test
    void theCountsNotYetReportedSurviveARestart() throws Exception {
        Path file = dir.resolve("tls-reports.json");
        GoverningPolicy policy = new GoverningPolicy("tlsa", "remote.test", List.of("3 1 1 abcd"), List.of());
        TlsResultCollector before = new TlsResultCollector(clock, Optional.of(file));
        before.record(policy, "mx1.remote.test", "127.0.0.2", Optional.empty());
        before.record(policy, "mx1.remote.test", "127.0.0.2", Optional.of("validation-failure"));
        before.save();

        TlsResultCollector after = new TlsResultCollector(clock, Optional.of(file));
        clock.advance(Duration.ofDays(1));

        assertThat(after.takeFinishedDays()).singleElement().satisfies(day -> {
            assertThat(day.domain()).isEqualTo("remote.test");
            assertThat(day.policies().get(policy).successes()).isEqualTo(1);
            assertThat(day.policies().get(policy).failures())
                .containsExactly(Map.entry(new TlsResultCollector.Failure("validation-failure", "mx1.remote.test", "127.0.0.2"), 1L));
        });
    }

    private static void assertReport(JsonNode report) {
        assertThat(report.path("organization-name").asText()).isEqualTo("Example Org");
        assertThat(report.path("date-range").path("start-datetime").asText()).isEqualTo("2026-11-30T00:00:00Z");
        assertThat(report.path("date-range").path("end-datetime").asText()).isEqualTo("2026-11-30T23:59:59Z");
        JsonNode policy = report.path("policies").get(0);
        assertThat(policy.path("policy").path("policy-type").asText()).isEqualTo("sts");
        assertThat(policy.path("policy").path("policy-domain").asText()).isEqualTo("remote.test");
        assertThat(policy.path("policy").path("mx-host").get(0).asText()).isEqualTo("mx1.remote.test");
        assertThat(policy.path("policy").path("policy-string").toString()).contains("mode: enforce");
        assertThat(policy.path("summary").path("total-successful-session-count").asInt()).isEqualTo(1);
        assertThat(policy.path("summary").path("total-failure-session-count").asInt()).isEqualTo(1);
        JsonNode failure = policy.path("failure-details").get(0);
        assertThat(failure.path("result-type").asText()).isEqualTo("certificate-not-trusted");
        assertThat(failure.path("receiving-mx-hostname").asText()).isEqualTo("mx1.remote.test");
        assertThat(failure.path("receiving-ip").asText()).isEqualTo("127.0.0.2");
        assertThat(failure.path("failed-session-count").asInt()).isEqualTo(1);
        assertThat(new String(report.toString().getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)).contains("report-id");
    }
}
