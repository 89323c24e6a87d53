package dev.mailserver.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.mailserver.core.Envelope;
import dev.mailserver.core.MessageContent;
import dev.mailserver.core.QueueId;
import dev.mailserver.core.testing.Await;
import dev.mailserver.delivery.testing.TestDnsServer;
import dev.mailserver.delivery.testing.TestSmtpServer;
import dev.mailserver.smtp.testing.SmtpTestClient;
import dev.mailserver.storage.users.UserAccounts;

/**
 * The whole server delivering mail for other domains: configured to ask a test DNS server on loopback,
 * it sends to test SMTP servers on 127.0.0.x. Mail for other domains is put into the server's spool
 * directly where a test is about delivery alone, and through the submission listener where it is about the whole way.
 */
class RemoteDeliveryEndToEndTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final String MESSAGE = "From: alice@example.test\r\nTo: bob@remote.test\r\nSubject: outbound\r\n\r\nhello\r\n";

    @TempDir
    Path dataDir;
    private TestDnsServer dns;
    private TestSmtpServer mx;
    private TestSmtpServer routed;
    private MailServer server;

    @BeforeEach
    void start() throws Exception {
        dns = TestDnsServer.start();
        mx = TestSmtpServer.start(InetAddress.getByName("127.0.0.2"), 0)
            .rcptReply(recipient -> recipient.startsWith("nobody") ? "550 5.1.1 no such user" : "250 2.1.5 Ok");
        routed = TestSmtpServer.start();
        dns.mx("remote.test", 10, "mx1.remote.test").address("mx1.remote.test", "127.0.0.2");
        server = MailServer.create(TestServers.config(dataDir, 0, """
            mailserver.delivery {
              dns.servers = ["127.0.0.1:%d"]
              remote {
                port = %d
                self-addresses = ["192.0.2.1"]
                transports = [{ domain = "routed.test", host = "127.0.0.1", port = %d, tls = none }]
              }
            }
            """.formatted(dns.address().getPort(), mx.port(), routed.port())));
        server.start();
    }

    @AfterEach
    void stop() throws Exception {
        server.stop();
        mx.close();
        routed.close();
        dns.close();
    }

    @Test
    void mailForAnotherDomainGoesToItsMxHost() throws Exception {
        enqueue("alice@example.test", "bob@remote.test");

        Await.until(() -> mx.received().size() == 1, TIMEOUT);
        assertThat(mx.received().get(0).mailFrom()).isEqualTo("alice@example.test");
        assertThat(mx.received().get(0).content()).isEqualTo(MESSAGE);
        Await.until(() -> server.queue().size() == 0, TIMEOUT);
    }

    @Test
    void mailSubmittedByAUserGoesToTheRecipientsMxHost() throws Exception {
        UserAccounts.open(dataDir.resolve("users")).add(new MailAddress("alice@example.test"), "alice's password");
        TestServers.letTheServerSeeDirectoryChanges();
        String login = Base64.getEncoder().encodeToString("\0alice@example.test\0alice's password".getBytes(StandardCharsets.UTF_8));

        try (SmtpTestClient client = SmtpTestClient.greeted(server.listenerAddress("submission"))) {
            client.startTls();
            client.command("EHLO client.test");
            assertThat(client.command("AUTH PLAIN " + login)).startsWith("235");
            assertThat(client.sendMessage("alice@example.test", "bob@remote.test", MESSAGE)).startsWith("250 2.0.0 Ok: queued as");
        }

        Await.until(() -> mx.received().size() == 1, TIMEOUT);
        assertThat(mx.received().get(0).recipients()).containsExactly("bob@remote.test");
        assertThat(mx.received().get(0).content()).contains("with ESMTPSA (TLSv1.3", "Subject: outbound\r\nDate: ", "\r\nMessage-ID: <")
            .endsWith("\r\n\r\nhello\r\n");
    }

    @Test
    void aTransportMapEntryReplacesTheMxLookUp() throws Exception {
        enqueue("alice@example.test", "carol@routed.test");

        Await.until(() -> routed.received().size() == 1, TIMEOUT);
        assertThat(routed.received().get(0).recipients()).containsExactly("carol@routed.test");
    }

    @Test
    void aRemote5xxBouncesToTheLocalSendersMaildir() throws Exception {
        enqueue("alice@example.test", "nobody@remote.test");

        List<Path> bounces = Maildirs.awaitNewMessages(dataDir.resolve("mail/example.test/alice"), 1, TIMEOUT);
        String bounce = Files.readString(bounces.get(0), StandardCharsets.UTF_8);
        assertThat(bounce).contains("Content-Type: multipart/report").contains("report-type=delivery-status")
            .contains("Final-Recipient: rfc822; nobody@remote.test")
            .contains("Status: 5.1.1")
            .contains("Remote-MTA: dns; mx1.remote.test")
            .contains("Diagnostic-Code: smtp; 550 5.1.1 no such user")
            .contains("Subject: outbound");
    }

    private void enqueue(String sender, String recipient) throws Exception {
        server.queue().enqueue(QueueId.generate(), new Envelope(MaybeSender.getMailSender(sender), List.of(new MailAddress(recipient))),
            MessageContent.ofBytes(MESSAGE.getBytes(StandardCharsets.US_ASCII))).get();
    }
}
