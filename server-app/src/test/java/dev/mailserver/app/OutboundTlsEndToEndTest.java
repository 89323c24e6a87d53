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
import dev.mailserver.core.testing.Await;
import dev.mailserver.delivery.testing.TestCa;
import dev.mailserver.delivery.testing.TestDnsServer;
import dev.mailserver.delivery.testing.TestPolicyServer;
import dev.mailserver.delivery.testing.TestSignedZone;
import dev.mailserver.delivery.testing.TestSmtpServer;

/**
 * The whole server under {@code tls = mta-sts} (the policy of remote.test from a loopback HTTPS server
 * found through the test DNS, the MX host's certificate from the test CA, trusted through
 * remote.trust-store) and {@code tls = dane} (the test DNS serves remote.test signed, its key is the
 * configured trust anchor): the delivery log line says what TLS got, and /metrics counts the session.
 */
class OutboundTlsEndToEndTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    @TempDir
    Path dataDir;
    private TestDnsServer dns;
    private TestSmtpServer mx;
    private TestCa ca;
    private TestPolicyServer policy;
    private MailServer server;
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();

    @BeforeEach
    void start() throws Exception {
        ca = TestCa.create("Test CA");
        dns = TestDnsServer.start();
        mx = TestSmtpServer.start(InetAddress.getByName("127.0.0.2"), 0);
        log.start();
        ((Logger) LoggerFactory.getLogger(DeliveryEngine.class)).addAppender(log);
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.stop();
        }
        ((Logger) LoggerFactory.getLogger(DeliveryEngine.class)).detachAppender(log);
        if (policy != null) {
            policy.close();
        }
        mx.close();
        dns.close();
    }

    @Test
    void mailUnderAnMtaStsPolicyIsLoggedAsStsVerifiedAndCounted() throws Exception {
        mx.offerTls(ca.issue("mx1.remote.test").serverContext());
        policy = TestPolicyServer.start(ca.issue("mta-sts.remote.test").serverContext())
            .policy("version: STSv1\r\nmode: enforce\r\nmx: mx1.remote.test\r\nmax_age: 86400\r\n");
        dns.mx("remote.test", 10, "mx1.remote.test").address("mx1.remote.test", "127.0.0.2")
            .address("mta-sts.remote.test", "127.0.0.1").replaceTxt("_mta-sts.remote.test", "v=STSv1; id=20261201;");
        Path trustStore = dataDir.resolve("trust.p12");
        try (OutputStream out = Files.newOutputStream(trustStore)) {
            ca.trustStore().store(out, "secret".toCharArray());
        }
        startServer("""
            tls = mta-sts
            trust-store = "%s"
            trust-store-password = "secret"
            mta-sts.https-port = %d
            """.formatted(trustStore, policy.port()));

        sendToBob();

        assertThat(mx.received().get(0).overTls()).isTrue();
        assertThat(deliveryLine()).contains("to=<bob@remote.test>, relay=mx1.remote.test[127.0.0.2]:" + mx.port() + ", tls=sts-verified, ");
        assertThat(Files.readString(dataDir.resolve("mta-sts/remote.test.txt"))).startsWith("20261201\n");
        assertThat(sessions("sts", "success")).isEqualTo(1);
    }

    @Test
    void mailToADomainWithSignedTlsaRecordsIsLoggedAsDaneVerified() throws Exception {
        TestCa.Issued certificate = TestCa.selfSigned("mx1.remote.test");
        mx.offerTls(certificate.serverContext());
        TestSignedZone zone = new TestSignedZone("remote.test").mx("remote.test", 10, "mx1.remote.test").address("mx1.remote.test", "127.0.0.2")
            .tlsa("mx1.remote.test", mx.port(), 3, certificate.certificate());
        dns.zone(zone);
        startServer("""
            tls = dane
            dane.trust-anchors = ["%s"]
            """.formatted(zone.trustAnchor().replace("\t", " ")));

        sendToBob();

        assertThat(deliveryLine()).contains(", tls=dane-verified, ");
        assertThat(sessions("tlsa", "success")).isEqualTo(1);
    }

    private void startServer(String remoteSettings) throws Exception {
        server = MailServer.create(TestServers.config(dataDir, 0, """
            mailserver.delivery {
              dns.servers = ["127.0.0.1:%d"]
              remote {
                port = %d
                self-addresses = ["192.0.2.1"]
                %s
              }
            }
            """.formatted(dns.address().getPort(), mx.port(), remoteSettings)));
        server.start();
    }

    private void sendToBob() throws Exception {
        server.queue().enqueue(QueueId.generate(), new Envelope(MaybeSender.getMailSender("alice@example.test"),
                List.of(new MailAddress("bob@remote.test"))),
            MessageContent.ofBytes("Subject: policy\r\n\r\nhello\r\n".getBytes(StandardCharsets.US_ASCII))).get();
        Await.until(() -> mx.received().size() == 1, TIMEOUT);
    }

    /** The delivery engine's line for the attempt that sent the message. */
    private String deliveryLine() throws Exception {
        Await.until(() -> log.list.stream().anyMatch(event -> event.getFormattedMessage().contains("status=sent")), TIMEOUT);
        return log.list.stream().map(ILoggingEvent::getFormattedMessage).filter(line -> line.contains("status=sent")).findFirst().orElseThrow();
    }

    private double sessions(String policyType, String result) throws Exception {
        AdminHttp http = new AdminHttp(server.adminAddress());
        HttpResponse<String> metrics = http.get("/metrics", Files.readString(dataDir.resolve("admin-token")).trim());
        return new PrometheusText(metrics.body()).sum("mailserver_delivery_tls_sessions_total",
            "policy=\"" + policyType + "\"", "result=\"" + result + "\"");
    }
}
