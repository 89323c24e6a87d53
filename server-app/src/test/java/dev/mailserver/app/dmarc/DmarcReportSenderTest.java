package dev.mailserver.app.dmarc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.mailserver.app.config.ConfigLoader;
import dev.mailserver.app.config.ServerConfig;
import dev.mailserver.auth.dns.AuthDns;
import dev.mailserver.auth.report.DmarcObservation;
import dev.mailserver.auth.report.DmarcObservationLog;
import dev.mailserver.core.queue.BounceComposer;
import dev.mailserver.core.queue.QueueFilter;
import dev.mailserver.core.testing.MutableClock;
import dev.mailserver.delivery.testing.TestDnsServer;
import dev.mailserver.queue.QueueSettings;
import dev.mailserver.queue.RocksDbMailQueue;

/** The hourly check: yesterday's reports go once, and days older than reports.keep are deleted. */
class DmarcReportSenderTest {
    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-02T00:30:00Z"));
    private TestDnsServer dns;
    private RocksDbMailQueue queue;
    private ServerConfig config;

    @BeforeEach
    void setUp() throws Exception {
        dns = TestDnsServer.start();
        queue = RocksDbMailQueue.open(dir.resolve("spool"), clock, QueueSettings.defaults(), BounceComposer.NONE);
        config = ConfigLoader.fromString("""
            mailserver {
              hostname = "mx.test"
              data-dir = "%s"
              mail-auth.reports { send = true, keep = 30d }
            }
            """.formatted(dir.resolve("data").toString().replace("\\\\", "\\\\\\\\")), "test configuration");
    }

    @AfterEach
    void tearDown() throws Exception {
        queue.close();
        dns.close();
    }

    @Test
    void yesterdaysReportIsQueuedOnceAndOldDaysAreDeleted() throws Exception {
        Files.createDirectories(config.dmarcDir());
        Files.writeString(config.dmarcDir().resolve("2026-12-01.tsv"), observation("2026-12-01T10:00:00Z").toLine() + "\n"
            + observation("2026-12-01T11:00:00Z").toLine() + "\n");
        Path old = Files.writeString(config.dmarcDir().resolve("2026-10-01.tsv"), observation("2026-10-01T10:00:00Z").toLine() + "\n");
        DmarcReportSender sender = new DmarcReportSender(config, new DmarcObservationLog(config.dmarcDir()),
            AuthDns.using(List.of(dns.address()), Duration.ofSeconds(2)), queue, Optional.empty(), clock);

        sender.sendDue();
        sender.sendDue();

        assertThat(queue.administration().list(QueueFilter.ALL, 10)).singleElement().satisfies(entry -> {
            assertThat(entry.mail().sender().asString()).isEqualTo("dmarc-reports@mx.test");
            assertThat(entry.mail().recipients()).extracting(recipient -> recipient.recipient().asString()).containsExactly("dmarc@example.com");
        });
        assertThat(config.dmarcDir().resolve("2026-12-01.sent")).hasContent("1\n");
        assertThat(old).doesNotExist();
    }

    private static DmarcObservation observation(String time) {
        return new DmarcObservation(Instant.parse(time), "192.0.2.25", "example.com", "example.com",
            new DmarcObservation.PublishedPolicy("reject", "reject", 100, "r", "r", List.of("mailto:dmarc@example.com")),
            "none", true, true, "example.com", "pass", List.of("example.com=pass"));
    }
}
