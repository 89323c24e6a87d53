package dev.mailserver.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;

import org.apache.james.core.MailAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.mailserver.core.queue.QueuedMail;
import dev.mailserver.smtp.auth.AuthFailures;
import dev.mailserver.smtp.testing.SmtpTestClient;

/** The submission role on STARTTLS (587) and implicit TLS (465): AUTH over TLS only, own sender, then relay. */
class SubmissionTest {
    @TempDir
    Path root;
    private ListenerFixture fixture;
    private InetSocketAddress submission;
    private InetSocketAddress smtps;

    static String plain(String user, String password) {
        return base64("\0" + user + "\0" + password);
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    @BeforeEach
    void start() throws Exception {
        fixture = new ListenerFixture(root);
        AuthFailures failures = new AuthFailures(Duration.ofMinutes(15), Duration.ofMillis(300), 5, Clock.systemUTC());
        submission = fixture.start(ListenerRole.SUBMISSION, TlsMode.STARTTLS, SessionLimits.defaults(), failures);
        smtps = fixture.start(ListenerRole.SUBMISSION, TlsMode.IMPLICIT, SessionLimits.defaults(), failures);
    }

    @AfterEach
    void stop() throws Exception {
        fixture.close();
    }

    /** Connected to the submission port, after STARTTLS and a second EHLO. */
    private SmtpTestClient overTls() throws Exception {
        SmtpTestClient client = SmtpTestClient.greeted(submission);
        client.startTls();
        client.command("EHLO client.test");
        return client;
    }

    private SmtpTestClient loggedIn() throws Exception {
        SmtpTestClient client = overTls();
        assertThat(client.command("AUTH PLAIN " + plain(ListenerFixture.USER, ListenerFixture.PASSWORD))).isEqualTo("235 2.7.0 Authentication successful");
        return client;
    }

    @Test
    void authIsOfferedOnlyAfterStartTlsAndRefusedBefore() throws Exception {
        try (SmtpTestClient client = SmtpTestClient.greeted(submission)) {
            assertThat(client.lastReplyLines()).anyMatch(line -> line.endsWith("STARTTLS")).noneMatch(line -> line.contains("AUTH"));
            assertThat(client.command("AUTH PLAIN " + plain(ListenerFixture.USER, ListenerFixture.PASSWORD))).startsWith("530 5.7.0");
            assertThat(client.command("MAIL FROM:<alice@example.test>")).startsWith("530 5.7.0");

            client.startTls();
            client.command("EHLO client.test");
            assertThat(client.lastReplyLines()).anyMatch(line -> line.endsWith("AUTH PLAIN LOGIN")).noneMatch(line -> line.endsWith("STARTTLS"));
        }
    }

    @Test
    void authBeforeEhloIsRefused() throws Exception {
        try (SmtpTestClient client = SmtpTestClient.implicitTls(smtps)) {
            client.expect("220");
            assertThat(client.command("AUTH PLAIN " + plain(ListenerFixture.USER, ListenerFixture.PASSWORD))).startsWith("503 5.5.1");
        }
    }

    @Test
    void loginOnTheImplicitTlsPortWithAuthLogin() throws Exception {
        try (SmtpTestClient client = SmtpTestClient.implicitTls(smtps)) {
            client.expect("220");
            client.command("EHLO client.test");
            assertThat(client.tlsProtocol()).isIn("TLSv1.2", "TLSv1.3");
            assertThat(client.command("AUTH LOGIN")).isEqualTo("334 VXNlcm5hbWU6");
            assertThat(client.command(base64(ListenerFixture.USER))).isEqualTo("334 UGFzc3dvcmQ6");
            assertThat(client.command(base64(ListenerFixture.PASSWORD))).isEqualTo("235 2.7.0 Authentication successful");
            assertThat(client.command("AUTH PLAIN")).startsWith("503 5.5.1");
        }
    }

    @Test
    void aWrongPasswordGets535AndNoRelay() throws Exception {
        try (SmtpTestClient client = overTls()) {
            assertThat(client.command("AUTH PLAIN " + plain(ListenerFixture.USER, "wrong"))).isEqualTo("535 5.7.8 Authentication credentials invalid");
            assertThat(client.command("MAIL FROM:<alice@example.test>")).startsWith("530 5.7.0");
        }
    }

    @Test
    void repeatedFailuresAreSlowedDownThenDisconnectedAndTheClientIsRefused() throws Exception {
        try (SmtpTestClient client = overTls()) {
            assertThat(client.command("AUTH PLAIN " + plain(ListenerFixture.USER, "wrong1"))).startsWith("535 5.7.8");
            long start = System.nanoTime();
            assertThat(client.command("AUTH PLAIN " + plain(ListenerFixture.USER, "wrong2"))).startsWith("535 5.7.8");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
            assertThat(client.command("AUTH PLAIN " + plain(ListenerFixture.USER, "wrong3"))).startsWith("421 4.7.0");
            assertThat(client.isClosedByServer()).isTrue();
        }
        try (SmtpTestClient client = SmtpTestClient.implicitTls(smtps)) {
            client.expect("220");
            client.command("EHLO client.test");
            assertThat(client.command("AUTH PLAIN " + plain(ListenerFixture.USER, "wrong4"))).startsWith("535 5.7.8");
            assertThat(client.command("AUTH PLAIN " + plain(ListenerFixture.USER, "wrong5"))).startsWith("535 5.7.8");
            assertThat(client.command("AUTH PLAIN " + plain(ListenerFixture.USER, ListenerFixture.PASSWORD))).startsWith("421 4.7.0");
        }
    }

    @Test
    void theSenderMustBeTheUsersOwnAddress() throws Exception {
        try (SmtpTestClient client = loggedIn()) {
            assertThat(client.command("MAIL FROM:<bob@example.test>")).startsWith("553 5.7.1");
            assertThat(client.command("MAIL FROM:<>")).startsWith("553 5.7.1");
            assertThat(client.command("MAIL FROM:<Alice@Example.test>")).startsWith("250");
        }
    }

    @Test
    void anAuthenticatedUserRelaysAndGetsMessageIdAndDateAdded() throws Exception {
        String reply;
        try (SmtpTestClient client = loggedIn()) {
            reply = client.sendMessage(ListenerFixture.USER, "bob@remote.test", "Subject: hello\r\n\r\nbody\r\n");
        }

        QueuedMail queued = fixture.queued(reply);
        assertThat(queued.pendingRecipients()).extracting(MailAddress::asString).containsExactly("bob@remote.test");
        String content = fixture.content(reply);
        assertThat(content).containsPattern("with ESMTPSA \\(TLSv1\\.[23] with cipher \\w+\\) id " + queued.id());
        assertThat(content).contains("\r\nSubject: hello\r\nDate: ").contains("\r\nMessage-ID: <" + queued.id() + "@mx.example.test>\r\n\r\nbody\r\n");
    }

    @Test
    void headersTheClientGaveAreKept() throws Exception {
        String reply;
        try (SmtpTestClient client = loggedIn()) {
            reply = client.sendMessage(ListenerFixture.USER, "alice@example.test",
                "Message-ID: <own@client.test>\r\ndate: Sun, 22 Nov 2026 10:00:00 +0000\r\nSubject: mine\r\n\r\nbody\r\n");
        }
        String content = fixture.content(reply);
        assertThat(content).contains("Message-ID: <own@client.test>").doesNotContain("Message-ID: <" + fixture.queued(reply).id());
        assertThat(content.split("(?i)\r\ndate: ", -1)).hasSize(2);
    }

    @Test
    void unknownLocalRecipientsAreStillRefused() throws Exception {
        try (SmtpTestClient client = loggedIn()) {
            client.command("MAIL FROM:<alice@example.test>");
            assertThat(client.command("RCPT TO:<nobody@example.test>")).startsWith("550 5.1.1");
        }
    }
}
