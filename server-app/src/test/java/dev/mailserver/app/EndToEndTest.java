package dev.mailserver.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.mailserver.smtp.testing.SmtpTestClient;

/** One message end to end over a real socket: SMTP in, RocksDB spool, Maildir out. */
class EndToEndTest {
    private static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(20);
    private static final Pattern QUEUED = Pattern.compile("250 2\\.0\\.0 Ok: queued as ([0-9A-Z]{16})");

    @TempDir
    Path dataDir;
    private MailServer server;

    @BeforeEach
    void startServer() throws Exception {
        server = MailServer.create(TestServers.config(dataDir, 0, ""));
        server.start();
    }

    @AfterEach
    void stopServer() throws Exception {
        server.stop();
    }

    @Test
    void aMessageLandsByteExactInTheMaildirWithOurReceivedHeader() throws Exception {
        String message = "From: Bob <bob@remote.test>\r\n"
            + "To: Postmaster <postmaster@localhost>\r\n"
            + "Subject: end to end\r\n"
            + "Message-ID: <e2e-1@remote.test>\r\n"
            + "X-Folded: first part\r\n"
            + "\tsecond part\r\n"
            + "\r\n"
            + "Body line one.\r\n"
            + ".A line that starts with a dot.\r\n"
            + ".\u00e9 eight-bit \u00ff\r\n"
            + "\r\n"
            + "last line\r\n";
        String reply;
        try (SmtpTestClient client = SmtpTestClient.greeted(server.mtaAddress())) {
            reply = client.sendMessage("bob@remote.test", "postmaster@localhost", dotStuff(message));
            client.command("QUIT");
        }

        Matcher queued = QUEUED.matcher(reply);
        assertThat(queued.matches()).as(reply).isTrue();
        List<Path> delivered = Maildirs.awaitNewMessages(postmasterMaildir(), 1, DELIVERY_TIMEOUT);
        String stored = Files.readString(delivered.get(0), StandardCharsets.ISO_8859_1);
        assertThat(Maildirs.withoutOurReceivedHeader(stored)).isEqualTo(message);
        assertThat(stored).startsWith("Return-Path: <bob@remote.test>\r\nDelivered-To: postmaster@localhost\r\n");
        // 127.0.0.1 is "localhost" in /etc/hosts, forward-confirmed, once the look-up at connect has ended.
        assertThat(Maildirs.withoutDeliveryTraceFields(stored)).matches("(?s)Received: from client\\.test \\((localhost )?\\[127\\.0\\.0\\.1]\\)\r\n\tby mx\\.test with ESMTP id "
            + queued.group(1) + "\r\n\tfor <postmaster@localhost>; .*");
    }

    @Test
    void pythonSmtplibDeliversToPostmaster() throws Exception {
        String script = """
            import smtplib, sys
            with smtplib.SMTP('127.0.0.1', int(sys.argv[1]), timeout=15) as s:
                s.sendmail('sender@remote.test', ['postmaster@localhost'],
                           b'Subject: from python\\r\\n\\r\\nhello from smtplib\\r\\n')
            """;
        MailserverCommand.Result python = Python.run(script, server.mtaAddress().getPort());
        assertThat(python.exitCode()).as(python.output()).isZero();

        List<Path> delivered = Maildirs.awaitNewMessages(postmasterMaildir(), 1, DELIVERY_TIMEOUT);
        assertThat(Files.readString(delivered.get(0))).contains("Subject: from python\r\n\r\nhello from smtplib\r\n");
    }

    @Test
    void anUnknownLocalUserIsRefusedWith550_5_1_1() throws Exception {
        try (SmtpTestClient client = SmtpTestClient.greeted(server.mtaAddress())) {
            client.command("MAIL FROM:<bob@remote.test>");
            assertThat(client.command("RCPT TO:<nobody@localhost>")).startsWith("550 5.1.1");
            assertThat(client.command("RCPT TO:<nobody@example.test>")).startsWith("550 5.1.1");
        }
    }

    @Test
    void mailForAForeignDomainIsRefusedWithoutAuthentication() throws Exception {
        try (SmtpTestClient client = SmtpTestClient.greeted(server.mtaAddress())) {
            client.command("MAIL FROM:<bob@remote.test>");
            assertThat(client.command("RCPT TO:<someone@elsewhere.test>")).startsWith("550 5.7.1");
            assertThat(client.command("RCPT TO:<postmaster@elsewhere.test>")).startsWith("550 5.7.1");
            assertThat(client.command("RCPT TO:<abuse@elsewhere.test>")).startsWith("550 5.7.1");
        }
    }

    @Test
    void aBareLfTerminatorDoesNotEndDataAndSmugglesNothing() throws Exception {
        try (SmtpTestClient client = SmtpTestClient.greeted(server.mtaAddress())) {
            client.command("MAIL FROM:<bob@remote.test>");
            client.command("RCPT TO:<postmaster@localhost>");
            assertThat(client.command("DATA")).startsWith("354");
            client.send("Subject: first\r\n\r\nfirst message\n.\r\n"
                + "MAIL FROM:<spoofed@localhost>\r\nRCPT TO:<postmaster@localhost>\r\nDATA\r\n"
                + "Subject: smuggled\r\n\r\nsmuggled message\r\n.\r\n");
            assertThat(client.reply()).startsWith("500 5.5.2");
            assertThat(client.isClosedByServer()).isTrue();
        }

        try (SmtpTestClient client = SmtpTestClient.greeted(server.mtaAddress())) {
            assertThat(client.sendMessage("bob@remote.test", "postmaster@localhost", "Subject: legitimate\r\n\r\nok\r\n")).startsWith("250 2.0.0");
        }
        List<Path> delivered = Maildirs.awaitNewMessages(postmasterMaildir(), 1, DELIVERY_TIMEOUT);
        assertThat(delivered).hasSize(1);
        assertThat(Files.readString(delivered.get(0))).contains("Subject: legitimate").doesNotContain("smuggled");
    }

    @Test
    void pipelinedTransactionsGetTheirRepliesInOrder() throws Exception {
        try (SmtpTestClient client = SmtpTestClient.greeted(server.mtaAddress())) {
            client.send("MAIL FROM:<bob@remote.test>\r\nRCPT TO:<postmaster@localhost>\r\nDATA\r\n");
            assertThat(client.reply()).startsWith("250");
            assertThat(client.reply()).startsWith("250");
            assertThat(client.reply()).startsWith("354");
            // End of one message and the whole next transaction in one write.
            client.send("Subject: one\r\n\r\n1\r\n.\r\nMAIL FROM:<bob@remote.test>\r\nRCPT TO:<alice@example.test>\r\nDATA\r\n");
            assertThat(client.reply()).matches(QUEUED.pattern());
            assertThat(client.reply()).startsWith("250 2.1.0");
            assertThat(client.reply()).startsWith("250 2.1.5");
            assertThat(client.reply()).startsWith("354");
            client.send("Subject: two\r\n\r\n2\r\n.\r\nQUIT\r\n");
            assertThat(client.reply()).matches(QUEUED.pattern());
            assertThat(client.reply()).startsWith("221");
        }
        Maildirs.awaitNewMessages(postmasterMaildir(), 1, DELIVERY_TIMEOUT);
        Maildirs.awaitNewMessages(dataDir.resolve("mail/example.test/alice"), 1, DELIVERY_TIMEOUT);
    }

    @Test
    void aMessageWithAnOverlongLineIsRefusedNotTruncated() throws Exception {
        try (SmtpTestClient client = SmtpTestClient.greeted(server.mtaAddress())) {
            String reply = client.sendMessage("bob@remote.test", "postmaster@localhost",
                "Subject: long\r\n\r\n" + "x".repeat(10_000) + "\r\nafter\r\n");
            assertThat(reply).startsWith("500 5.5.2");
            assertThat(client.command("NOOP")).startsWith("250");
        }
        assertThat(Maildirs.newMessages(postmasterMaildir())).isEmpty();
    }

    private Path postmasterMaildir() {
        return dataDir.resolve("mail/localhost/postmaster");
    }

    private static String dotStuff(String message) {
        return message.replaceAll("(?m)^\\.", "..");
    }
}
