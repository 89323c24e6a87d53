package dev.mailserver.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.james.core.Domain;
import org.apache.james.core.MailAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import dev.mailserver.app.config.ConfigLoader;
import dev.mailserver.auth.testing.Dkimpy;
import dev.mailserver.core.testing.Await;
import dev.mailserver.delivery.testing.TestDnsServer;
import dev.mailserver.delivery.testing.TestSmtpServer;
import dev.mailserver.storage.srs.SenderRewriting;
import dev.mailserver.storage.srs.SrsSecrets;

/**
 * The whole server forwarding mail for an alias with a remote target: python's smtplib sends from 127.0.0.1 (checked, SPF
 * passes for friend.test) to the MTA listener, the loopback DNS server routes remote.test and friend.test to an SMTP sink on
 * 127.0.0.2 and publishes the key {@code mailserver dkim keygen} made, and the sink sees what the target's server would:
 * an SRS sender, and an ARC set that dkimpy (the independent verifier) accepts. A bounce to the SRS address goes back to
 * the sender; forged and expired SRS addresses are refused at RCPT.
 */
class ForwardingEndToEndTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final Pattern RECORD = Pattern.compile("(\\S+)\\. IN TXT (\".*\")");
    private static final String SEND = """
        import smtplib, sys
        client = smtplib.SMTP('127.0.0.1', int(sys.argv[1]), timeout=30)
        client.ehlo('client.test')
        sender, recipient = sys.argv[2], sys.argv[3]
        message = ('From: Pal <' + (sender or 'mailer-daemon@friend.test') + '>\\r\\nTo: ' + recipient + '\\r\\n'
                   'Subject: forwarded  soon\\r\\nDate: Tue, 01 Dec 2026 08:00:00 +0000\\r\\n\\r\\nhello \\r\\nthere\\r\\n')
        client.mail(sender)
        code, reply = client.rcpt(recipient)
        print('rcpt', code, reply.decode())
        if code == 250:
            print('data', client.data(message)[0])
        client.quit()
        """;

    @TempDir
    Path dir;
    private TestDnsServer dns;
    private TestSmtpServer sink;
    private Dkimpy dkimpy;
    private Path configFile;
    private MailServer server;

    @BeforeEach
    void setUp() throws Exception {
        dkimpy = Dkimpy.require(Files.createDirectories(dir.resolve("dkimpy")));
        sink = TestSmtpServer.start(InetAddress.getByName("127.0.0.2"), 0);
        dns = TestDnsServer.start()
            .txt("friend.test", "v=spf1 ip4:127.0.0.1 -all")
            .mx("remote.test", 10, "mx.remote.test").mx("friend.test", 10, "mx.remote.test").address("mx.remote.test", "127.0.0.2");
    }

    /** @param onArrival whether every message is delivered on arrival rather than queued first */
    private void startServer(String sender, boolean onArrival) throws Exception {
        configFile = TestServers.writeConfigFile(dir, """
              hostname = "mx.test"
              domains = ["localhost", "example.test"]
              mailboxes = ["postmaster@localhost", "alice@example.test"]
              smtp.listeners.mta.port = 0
              smtp.listeners.submission.enabled = false
              smtp.listeners.submissions.enabled = false
              delivery.dns { servers = ["127.0.0.1:%d"], timeout = 2s }
              delivery.remote { port = %d, self-addresses = ["192.0.2.1"] }
              delivery.forwarding { sender = %s, domain = "example.test" }
              mail-auth.inbound.enabled = true
              delivery.on-arrival { enabled = %b, min-concurrent = 1 }
            """.formatted(dns.address().getPort(), sink.port(), sender, onArrival));
        MailserverCommand.Result keygen = MailserverCommand.runWithConfig(configFile, "", TIMEOUT, "dkim", "keygen", "example.test", "mail");
        assertThat(keygen.exitCode()).as(keygen.output()).isZero();
        Matcher record = RECORD.matcher(keygen.output());
        assertThat(record.find()).isTrue();
        dns.txt(record.group(1), record.group(2).replace("\"", ""));
        MailserverCommand.Result alias = MailserverCommand.runWithConfig(configFile, "", TIMEOUT,
            "alias", "add", "team@example.test", "alice@example.test", "carol@remote.test");
        assertThat(alias.exitCode()).as(alias.output()).isZero();
        server = MailServer.create(ConfigLoader.fromFile(configFile));
        server.start();
    }

    @AfterEach
    void tearDown() throws Exception {
        if (server != null) {
            server.stop();
        }
        sink.close();
        dns.close();
    }

    @ParameterizedTest(name = "delivered on arrival: {0}")
    @ValueSource(booleans = {true, false})
    void anAliasForwardsWithAnSrsSenderAndAnArcSealThatDkimpyAcceptsAndItsBounceGoesBackToTheSender(boolean onArrival) throws Exception {
        startServer("srs", onArrival);

        assertThat(send("pal@friend.test", "team@example.test")).isEqualTo("rcpt 250 2.1.5 Recipient <team@example.test> OK\ndata 250");

        Await.until(() -> sink.received().size() == 1, TIMEOUT);
        TestSmtpServer.Received forward = sink.received().get(0);
        assertThat(forward.recipients()).containsExactly("carol@remote.test");
        assertThat(forward.mailFrom()).matches("SRS0=[A-Za-z0-9+/]{4}=[A-Z2-7]{2}=friend\\.test=pal@example\\.test");
        assertThat(forward.content()).startsWith("ARC-Seal: i=1; a=rsa-sha256; cv=none; d=example.test; s=mail;")
            .contains("\r\nARC-Authentication-Results: i=1; mx.test;\r\n\tspf=pass", "\r\nAuthentication-Results: mx.test;\r\n\tspf=pass")
            .endsWith("\r\n\r\nhello \r\nthere\r\n");
        assertThat(dkimpy.arcVerify(forward.content().getBytes(StandardCharsets.UTF_8), dns.address().getPort())).startsWith("pass");
        assertThat(Maildirs.awaitNewMessages(dir.resolve("data/mail/example.test/alice"), 1, TIMEOUT)).hasSize(1);

        assertThat(send("", forward.mailFrom())).startsWith("rcpt 250").endsWith("data 250");
        Await.until(() -> sink.received().size() == 2, TIMEOUT);
        assertThat(sink.received().get(1).mailFrom()).isEmpty();
        assertThat(sink.received().get(1).recipients()).containsExactly("pal@friend.test");

        String forged = forward.mailFrom().replace("=pal@", "=mallory@");
        SenderRewriting monthAgo = new SenderRewriting(Domain.of("example.test"), SrsSecrets.load(dir.resolve("data/srs-secrets")),
            Duration.ofDays(21), Clock.fixed(Instant.now().minus(Duration.ofDays(30)), ZoneOffset.UTC));
        String expired = monthAgo.forward(new MailAddress("pal@friend.test")).asString();
        assertThat(send("", forged)).startsWith("rcpt 550 5.1.1 <" + forged + ">");
        assertThat(send("", expired)).startsWith("rcpt 550 5.1.1 <" + expired + ">");
    }

    @Test
    void withTheOriginalSenderTheForwardKeepsTheEnvelopeSender() throws Exception {
        startServer("original", true);

        assertThat(send("pal@friend.test", "team@example.test")).endsWith("data 250");

        Await.until(() -> sink.received().size() == 1, TIMEOUT);
        assertThat(sink.received().get(0).mailFrom()).isEqualTo("pal@friend.test");
        assertThat(sink.received().get(0).content()).startsWith("ARC-Seal: i=1;");
        assertThat(List.copyOf(sink.received())).hasSize(1);
    }

    private String send(String sender, String recipient) throws Exception {
        return Python.run(SEND, server.mtaAddress().getPort(), sender, recipient).output().strip();
    }
}
