package dev.mailserver.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.mailserver.smtp.testing.SmtpTestClient;

/** {@code /metrics} scraped in the Prometheus text format before and after mail flows over SMTP. */
class MetricsTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path dataDir;
    private MailServer server;
    private AdminHttp http;
    private String token;

    @BeforeEach
    void startServer() throws Exception {
        server = MailServer.create(TestServers.config(dataDir, 0, ""));
        server.start();
        http = new AdminHttp(server.adminAddress());
        token = Files.readString(dataDir.resolve("admin-token")).trim();
    }

    @AfterEach
    void stopServer() throws Exception {
        server.stop();
    }

    @Test
    void countersMoveWhenAMessageIsReceivedOverTlsAndDelivered() throws Exception {
        PrometheusText before = scrape();
        assertThat(before.has("jvm_memory_used_bytes")).isTrue();
        assertThat(before.sum("mailserver_queue_messages")).isZero();

        try (SmtpTestClient client = SmtpTestClient.greeted(server.mtaAddress())) {
            client.startTls();
            client.command("EHLO client.test");
            assertThat(client.sendMessage("bob@remote.test", "postmaster@localhost", "Subject: counted\r\n\r\nhello\r\n"))
                .startsWith("250 2.0.0");
            client.command("QUIT");
        }
        Maildirs.awaitNewMessages(dataDir.resolve("mail/localhost/postmaster"), 1, TIMEOUT);
        PrometheusText after = awaitScrape(metrics -> metrics.sum("mailserver_deliveries_total", "status=\"sent\"") >= 1);

        assertThat(after.sum("mailserver_messages_received_total") - before.sum("mailserver_messages_received_total")).isEqualTo(1);
        assertThat(after.sum("mailserver_deliveries_total", "status=\"sent\"")).isEqualTo(1);
        assertThat(after.sum("mailserver_delivery_delay_seconds_count", "status=\"sent\"")).isEqualTo(1);
        assertThat(after.has("mailserver_delivery_delay_seconds_bucket")).isTrue();
        assertThat(after.sum("mailserver_smtp_connections_total", "listener=\"mta\"", "role=\"mta\"")).isEqualTo(1);
        assertThat(after.sum("mailserver_smtp_tls_handshakes_total", "listener=\"mta\"")).isEqualTo(1);
        assertThat(after.has("mailserver_smtp_sessions_open")).isTrue();
        assertThat(after.has("mailserver_queue_oldest_age_seconds")).isTrue();
    }

    @Test
    void failedLoginsAreCounted() throws Exception {
        try (SmtpTestClient client = SmtpTestClient.greeted(server.listenerAddress("submission"))) {
            client.startTls();
            client.command("EHLO client.test");
            String credentials = Base64.getEncoder().encodeToString("\0nobody@example.test\0wrong".getBytes());
            assertThat(client.command("AUTH PLAIN " + credentials)).startsWith("535");
        }

        PrometheusText metrics = scrape();
        assertThat(metrics.sum("mailserver_smtp_auth_failures_total", "listener=\"submission\"", "role=\"submission\"")).isEqualTo(1);
        assertThat(metrics.sum("mailserver_smtp_tls_handshakes_total", "listener=\"submission\"", "protocol=\"TLSv1.3\"")).isEqualTo(1);
    }

    private PrometheusText scrape() throws Exception {
        HttpResponse<String> response = http.get("/metrics", token);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
        return new PrometheusText(response.body());
    }

    /** Scrapes until the condition holds: the delivery is recorded just after the mailbox has the message. */
    private PrometheusText awaitScrape(Predicate<PrometheusText> condition) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        PrometheusText metrics = scrape();
        while (!condition.test(metrics)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("metrics did not reach the expected state within " + TIMEOUT);
            }
            Thread.sleep(50);
            metrics = scrape();
        }
        return metrics;
    }
}
