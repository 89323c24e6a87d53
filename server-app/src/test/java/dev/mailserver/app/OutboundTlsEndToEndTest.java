package dev.mailserver.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.mailserver.core.Envelope;
import dev.mailserver.core.MessageContent;
import dev.mailserver.core.QueueId;
import dev.mailserver.delivery.DeliveryEngine;
import dev.mailserver.delivery.testing.Await;
import dev.mailserver.delivery.testing.TestCa;
import dev.mailserver.delivery.testing.TestDnsServer;
import dev.mailserver.delivery.testing.TestPolicyServer;
import dev.mailserver.delivery.testing.TestSmtpServer;

/**
 * The whole server under {@code tls = mta-sts}: the policy of remote.test comes from a loopback HTTPS
 * server found through the test DNS, the MX host presents a certificate of the test CA (trusted through
 * remote.trust-store); the delivery log line says {@code tls=sts-verified} and /metrics counts the session.
 */
class OutboundTlsEndToEndTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    @TempDir
    Path dataDir;
    private TestDnsServer dns;
    private TestSmtpServer mx;
    private TestPolicyServer policy;
    private MailServer server;
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();

    @BeforeEach
    void start() throws Exception {
        TestCa ca = TestCa.create("Test CA");
        Path trustStore = dataDir.resolve("trust.p12");
        try (OutputStream out = Files.newOutputStream(trustStore)) {
            ca.trustStore().store(out, "secret".toCharArray());
        }
        dns = TestDnsServer.start();
        mx = TestSmtpServer.start(InetAddress.getByName("127.0.0.2"), 0).offerTls(ca.issue("mx1.remote.test").serverContext());
        policy = TestPolicyServer.start(ca.issue("mta-sts.remote.test").serverContext())
            .policy("version: STSv1\r\nmode: enforce\r\nmx: mx1.remote.test\r\nmax_age: 86400\r\n");
        dns.mx("remote.test", 10, "mx1.remote.test").address("mx1.remote.test", "127.0.0.2")
            .address("mta-sts.remote.test", "127.0.0.1").txt("_mta-sts.remote.test", "v=STSv1; id=20261201;");
        log.start();
        ((Logger) LoggerFactory.getLogger(DeliveryEngine.class)).addAppender(log);
        server = MailServer.create(TestServers.config(dataDir, 0, """
            mailserver.delivery {
              dns.servers = ["127.0.0.1:%d"]
              remote {
                port = %d
                tls = mta-sts
                self-addresses = ["192.0.2.1"]
                trust-store = "%s"
                trust-store-password = "secret"
                mta-sts.https-port = %d
              }
            }
            """.formatted(dns.address().getPort(), mx.port(), trustStore, policy.port())));
        server.start();
    }

    @AfterEach
    void stop() throws Exception {
        server.stop();
        ((Logger) LoggerFactory.getLogger(DeliveryEngine.class)).detachAppender(log);
        policy.close();
        mx.close();
        dns.close();
    }

    @Test
    void mailUnderAnMtaStsPolicyIsLoggedAsStsVerifiedAndCounted() throws Exception {
        server.queue().enqueue(QueueId.generate(), new Envelope(MaybeSender.getMailSender("alice@example.test"),
                List.of(new MailAddress("bob@remote.test"))),
            MessageContent.ofBytes("Subject: policy\r\n\r\nhello\r\n".getBytes(StandardCharsets.US_ASCII))).get();

        Await.until(() -> mx.received().size() == 1, TIMEOUT);
        assertThat(mx.received().get(0).overTls()).isTrue();
        Await.until(() -> log.list.stream().anyMatch(event -> event.getFormattedMessage().contains("status=sent")), TIMEOUT);
        assertThat(log.list).map(ILoggingEvent::getFormattedMessage).filteredOn(line -> line.contains("status=sent")).singleElement()
            .satisfies(line -> assertThat(line).contains("to=<bob@remote.test>, relay=mx1.remote.test[127.0.0.2]:" + mx.port() + ", tls=sts-verified, "));
        assertThat(Files.readString(dataDir.resolve("mta-sts/remote.test.txt"))).startsWith("20261201\n");

        AdminHttp http = new AdminHttp(server.adminAddress());
        HttpResponse<String> metrics = http.get("/metrics", Files.readString(dataDir.resolve("admin-token")).trim());
        assertThat(new PrometheusText(metrics.body()).sum("mailserver_delivery_tls_sessions_total", "policy=\"sts\"", "result=\"success\""))
            .isEqualTo(1);
    }
}
