package dev.mailserver.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.mailserver.app.config.ConfigLoader;
import dev.mailserver.auth.testing.Dkimpy;
import dev.mailserver.delivery.testing.TestDnsServer;

/**
 * The whole server with mail authentication on: python's smtplib sends from 127.0.0.1 to the MTA
 * listener, the loopback DNS server publishes SPF and DMARC policies, and the outcome is read where a
 * user sees it: the SMTP reply and the Maildir (inbox or Junk). Mail from {@code mailserver sendmail}
 * arrives DKIM-signed with the key {@code mailserver dkim keygen} made, as dkimpy confirms.
 */
class MailAuthEndToEndTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String TOKEN = "dmarc-test-token";
    private static final Pattern RECORD = Pattern.compile("(\\S+)\\. IN TXT (\".*\")");
    private static final String SEND = """
        import smtplib, sys
        client = smtplib.SMTP('127.0.0.1', int(sys.argv[1]), timeout=30)
        client.ehlo('client.test')
        sender = sys.argv[2]
        message = ('Authentication-Results: mx.test; dmarc=pass header.from=' + sender.split('@')[1] + '\\r\\n'
                   'From: ' + sender + '\\r\\nTo: alice@example.test\\r\\nSubject: from ' + sender + '\\r\\n\\r\\nhello\\r\\n')
        try:
            client.sendmail(sender, ['alice@example.test'], message)
            print('accepted')
        except smtplib.SMTPDataError as e:
            print('refused', e.smtp_code, e.smtp_error.decode())
        client.quit()
        """;

    @TempDir
    Path dir;
    private TestDnsServer dns;
    private Path configFile;
    private MailServer server;

    @BeforeEach
    void setUp() throws Exception {
        dns = TestDnsServer.start()
            .txt("bank.test", "v=spf1 -all").txt("_dmarc.bank.test", "v=DMARC1; p=reject")
            .txt("shop.test", "v=spf1 -all").txt("_dmarc.shop.test", "v=DMARC1; p=quarantine")
            .txt("friend.test", "v=spf1 ip4:127.0.0.1 -all")
            .txt("_dmarc.friend.test", "v=DMARC1; p=reject; rua=mailto:alice@example.test!10m")
            .txt("friend.test._report._dmarc.example.test", "v=DMARC1")
            .txt("_dmarc.example.test", "v=DMARC1; p=reject");
        configFile = writeConfig("[]");
    }

    private Path writeConfig(String trustedNetworks) throws IOException {
        return TestServers.writeConfigFile(dir, """
              smtp.trusted-networks = %s
              hostname = "mx.test"
              domains = ["localhost", "example.test"]
              mailboxes = ["postmaster@localhost", "alice@example.test"]
              smtp.listeners.mta.port = 0
              smtp.listeners.submission.enabled = false
              smtp.listeners.submissions.enabled = false
              admin { port = 0, token = "%s" }
              delivery.dns { servers = ["127.0.0.1:%d"], timeout = 2s }
              mail-auth.inbound { enabled = true, reject = true, quarantine = true }
              mail-auth.reports.send = true
            """.formatted(trustedNetworks, TOKEN, dns.address().getPort()));
    }

    @AfterEach
    void tearDown() throws Exception {
        if (server != null) {
            server.stop();
        }
        dns.close();
    }

    @Test
    void rejectQuarantineAndPassAsTheSendersDomainsAsk() throws Exception {
        startServer();
        int port = server.mtaAddress().getPort();

        assertThat(Python.run(SEND, port, "ceo@bank.test").output().strip())
            .isEqualTo("refused 550 5.7.1 Message refused: it fails the DMARC policy (p=reject) of bank.test");
        assertThat(Python.run(SEND, port, "sales@shop.test").output().strip()).isEqualTo("accepted");
        assertThat(Python.run(SEND, port, "pal@friend.test").output().strip()).isEqualTo("accepted");

        Path alice = dir.resolve("data/mail/example.test/alice");
        String junk = Files.readString(Maildirs.awaitNewMessages(alice.resolve(".Junk"), 1, TIMEOUT).get(0), StandardCharsets.ISO_8859_1);
        String inbox = Files.readString(Maildirs.awaitNewMessages(alice, 1, TIMEOUT).get(0), StandardCharsets.ISO_8859_1);
        assertThat(junk).contains("Subject: from sales@shop.test", "dmarc=fail (p=quarantine dis=quarantine) header.from=shop.test")
            .doesNotContain("dmarc=pass");
        assertThat(inbox).contains("Subject: from pal@friend.test", "Authentication-Results: mx.test;\r\n\tspf=pass",
            "dmarc=pass (p=reject dis=none) header.from=friend.test");
        assertThat(inbox.split("Authentication-Results:", -1)).hasSize(2);
    }

    @Test
    void mailFromSendmailIsSignedWithTheKeyThatKeygenMade() throws Exception {
        publishNewKey("example.test");
        startServer();

        MailserverCommand.Result sent = MailserverCommand.runWithConfig(configFile,
            "From: Alice <alice@example.test>\nTo: postmaster@localhost\nSubject: nightly report\n\nall good\n", TIMEOUT,
            "sendmail", "-i", "postmaster@localhost");
        assertThat(sent.exitCode()).as(sent.output()).isZero();

        Path delivered = Maildirs.awaitNewMessages(dir.resolve("data/mail/localhost/postmaster"), 1, TIMEOUT).get(0);
        byte[] message = Files.readAllBytes(delivered);
        assertThat(new String(message, StandardCharsets.ISO_8859_1)).contains("DKIM-Signature: v=1; a=ed25519-sha256; c=relaxed/relaxed; d=example.test; s=mail;");
        assertThat(Dkimpy.require(dir).verify(message, dns.address().getPort())).containsExactly("pass");
    }

    @Test
    void mailRelayedFromATrustedNetworkIsSignedAndNotChecked() throws Exception {
        configFile = writeConfig("[\"127.0.0.0/8\"]");
        publishNewKey("example.test");
        startServer();

        // Checked as arriving mail, it would fail the DMARC policy p=reject of example.test (no SPF, no signature).
        assertThat(Python.run(SEND, server.mtaAddress().getPort(), "alice@example.test").output().strip()).isEqualTo("accepted");

        byte[] message = Files.readAllBytes(Maildirs.awaitNewMessages(dir.resolve("data/mail/example.test/alice"), 1, TIMEOUT).get(0));
        String text = new String(message, StandardCharsets.ISO_8859_1);
        assertThat(text).contains("DKIM-Signature: v=1; a=ed25519-sha256; c=relaxed/relaxed; d=example.test; s=mail;")
            .doesNotContain("spf=");
        assertThat(text.split("Authentication-Results:", -1)).as("only the client's own field").hasSize(2);
        assertThat(Dkimpy.require(dir).verify(message, dns.address().getPort())).containsExactly("pass");
    }

    @Test
    void mailFromAnUntrustedClientIsCheckedAndNotSigned() throws Exception {
        publishNewKey("example.test");
        publishNewKey("friend.test");
        startServer();
        int port = server.mtaAddress().getPort();

        assertThat(Python.run(SEND, port, "alice@example.test").output().strip())
            .isEqualTo("refused 550 5.7.1 Message refused: it fails the DMARC policy (p=reject) of example.test");
        assertThat(Python.run(SEND, port, "pal@friend.test").output().strip()).isEqualTo("accepted");

        String inbox = Files.readString(Maildirs.awaitNewMessages(dir.resolve("data/mail/example.test/alice"), 1, TIMEOUT).get(0),
            StandardCharsets.ISO_8859_1);
        assertThat(inbox).contains("Authentication-Results: mx.test;\r\n\tspf=pass").doesNotContain("DKIM-Signature");
    }

    @Test
    void theDaysDmarcOutcomesAreInTheAdminApiAndGoAsAReportToTheDomainThatAsks() throws Exception {
        startServer();
        int port = server.mtaAddress().getPort();
        assertThat(Python.run(SEND, port, "pal@friend.test").output().strip()).isEqualTo("accepted");
        assertThat(Python.run(SEND, port, "pal@friend.test").output().strip()).isEqualTo("accepted");
        assertThat(Python.run(SEND, port, "sales@shop.test").output().strip()).isEqualTo("accepted");
        Path alice = dir.resolve("data/mail/example.test/alice");
        Maildirs.awaitNewMessages(alice, 2, TIMEOUT);
        LocalDate today = LocalDate.now(ZoneOffset.UTC);

        AdminHttp admin = new AdminHttp(server.adminAddress());
        JsonNode day = AdminHttp.json(admin.get("/dmarc/" + today, TOKEN));
        HttpResponse<String> xml = admin.get("/dmarc/" + today + "/friend.test", TOKEN);
        int reports = server.dmarcReports().send(today);

        assertThat(day.findValuesAsText("domain")).containsExactly("friend.test", "shop.test");
        assertThat(day.get(0).get("messages").asInt()).isEqualTo(2);
        assertThat(day.get(0).get("sources").get(0).get("sourceIp").asText()).isEqualTo("127.0.0.1");
        assertThat(day.get(1).get("sources").get(0).get("disposition").asText()).isEqualTo("quarantine");
        assertThat(xml.statusCode()).isEqualTo(200);
        assertThat(xml.body()).contains("<domain>friend.test</domain>", "<source_ip>127.0.0.1</source_ip><count>2</count>");
        assertThat(admin.get("/dmarc/" + today + "/nobody.test", TOKEN).statusCode()).isEqualTo(404);
        assertThat(admin.get("/dmarc/yesterday", TOKEN).statusCode()).isEqualTo(400);
        assertThat(reports).isEqualTo(1);
        List<Path> inbox = Maildirs.awaitNewMessages(alice, 3, TIMEOUT);
        String report = inbox.stream().map(MailAuthEndToEndTest::read).filter(text -> text.contains("Subject: Report Domain: friend.test"))
            .findFirst().orElseThrow();
        assertThat(report).contains("From: dmarc-reports@mx.test", "Submitter: mx.test", "Content-Type: application/gzip");
        String attachment = report.substring(report.indexOf("base64\r\n\r\n") + 10, report.lastIndexOf("\r\n--"));
        String unpacked = new String(new GZIPInputStream(new ByteArrayInputStream(Base64.getMimeDecoder().decode(attachment))).readAllBytes(),
            StandardCharsets.UTF_8);
        assertThat(unpacked).contains("<policy_published><domain>friend.test</domain>", "<count>2</count>", "<header_from>friend.test</header_from>");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code mailserver dkim keygen DOMAIN mail --type ed25519}, and its record published in the test DNS. */
    private void publishNewKey(String domain) throws Exception {
        MailserverCommand.Result keygen = MailserverCommand.runWithConfig(configFile, "", TIMEOUT,
            "dkim", "keygen", domain, "mail", "--type", "ed25519");
        assertThat(keygen.exitCode()).as(keygen.output()).isZero();
        Matcher record = RECORD.matcher(keygen.output());
        assertThat(record.find()).isTrue();
        dns.txt(record.group(1), record.group(2).replace("\"", ""));
    }

    private void startServer() throws Exception {
        server = MailServer.create(ConfigLoader.fromFile(configFile));
        server.start();
    }
}
