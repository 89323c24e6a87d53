package dev.mailserver.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.apache.james.core.MailAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.mailserver.core.testing.Await;
import dev.mailserver.smtp.auth.AuthFailures;
import dev.mailserver.smtp.testing.SmtpTestClient;

/** Each limit, hit and answered with its enhanced status code, while the listener keeps serving others. */
class LimitsTest {
    private static final int MAX_SIZE = 10_000;
    private static final int MAX_LINE = 200;
    private static final int MAX_RECIPIENTS = 3;
    private static final int MAX_PER_CLIENT = 2;
    private static final int MAX_ERRORS = 4;
    private static final int MAX_COMMANDS = 30;
    private static final Pattern ENHANCED = Pattern.compile("[245]\\d\\d [245]\\.\\d{1,3}\\.\\d{1,3} .*");

    @TempDir
    Path root;
    private ListenerFixture fixture;
    private InetSocketAddress mta;

    @BeforeEach
    void start() throws Exception {
        fixture = new ListenerFixture(root);
        SessionLimits limits = new SessionLimits(MAX_SIZE, MAX_LINE, MAX_RECIPIENTS, SessionLimits.defaults().maxTransactions(), Duration.ofMinutes(1), Duration.ofSeconds(3),
            100, MAX_PER_CLIENT, MAX_ERRORS, MAX_COMMANDS, 3);
        mta = fixture.start(ListenerRole.MTA, TlsMode.NONE, limits, AuthFailures.defaults());
    }

    @AfterEach
    void stop() throws Exception {
        fixture.close();
    }

    @Test
    void sizeIsAdvertisedAndEnforcedOnMailAndOnData() throws Exception {
        try (SmtpTestClient client = SmtpTestClient.greeted(mta)) {
            assertThat(client.lastReplyLines()).anyMatch(line -> line.endsWith("SIZE " + MAX_SIZE));
            assertThat(client.command("MAIL FROM:<bob@remote.test> SIZE=" + (MAX_SIZE + 1))).startsWith("552 5.3.4");

            String body = ("x".repeat(98) + "\r\n").repeat(MAX_SIZE / 100 + 1);
            assertThat(client.sendMessage("bob@remote.test", "alice@example.test", body)).startsWith("552 5.3.4");
            assertThat(client.sendMessage("bob@remote.test", "alice@example.test", "Subject: small\r\n\r\nok\r\n")).startsWith("250 2.0.0");
        }
        assertThat(fixture.queue().size()).isEqualTo(1);
    }

    @Test
    void everyRcptCountsTowardTheLimitButARepeatedRecipientIsStoredOnce() throws Exception {
        String reply;
        try (SmtpTestClient client = SmtpTestClient.greeted(mta)) {
            client.command("MAIL FROM:<bob@remote.test>");
            assertThat(client.command("RCPT TO:<alice@example.test>")).startsWith("250 2.1.5");
            assertThat(client.command("RCPT TO:<ALICE@example.test>")).startsWith("250 2.1.5");
            assertThat(client.command("RCPT TO:<alice@example.test>")).startsWith("250 2.1.5");
            assertThat(client.command("RCPT TO:<alice@example.test>")).startsWith("452 4.5.3");
            client.command("DATA");
            client.send("Subject: once\r\n\r\nbody\r\n.\r\n");
            reply = client.reply();
        }
        assertThat(fixture.queued(reply).pendingRecipients()).extracting(MailAddress::asString).containsExactly("alice@example.test");
    }

    @Test
    void anOverlongCommandLineGets500() throws Exception {
        try (SmtpTestClient client = SmtpTestClient.greeted(mta)) {
            assertThat(client.command("NOOP " + "x".repeat(MAX_LINE + 10))).startsWith("500 5.5.2");
            assertThat(client.command("NOOP")).startsWith("250");
        }
    }

    @Test
    void connectionsFromOneClientAreLimited() throws Exception {
        List<SmtpTestClient> open = new ArrayList<>();
        try {
            for (int i = 0; i < MAX_PER_CLIENT; i++) {
                open.add(SmtpTestClient.greeted(mta));
            }
            try (SmtpTestClient refused = new SmtpTestClient(mta)) {
                assertThat(refused.reply()).startsWith("421 4.7.0");
                assertThat(refused.isClosedByServer()).isTrue();
            }
            assertThat(open.get(0).command("NOOP")).startsWith("250");
        } finally {
            for (SmtpTestClient client : open) {
                client.close();
            }
        }
        Await.until(this::greets, Duration.ofSeconds(5));
    }

    private boolean greets() throws IOException {
        try (SmtpTestClient client = new SmtpTestClient(mta)) {
            return client.reply().startsWith("220");
        }
    }

    @Test
    void tooManyErrorsCloseTheSession() throws Exception {
        try (SmtpTestClient client = SmtpTestClient.greeted(mta)) {
            for (int i = 1; i < MAX_ERRORS; i++) {
                assertThat(client.command("BOGUS " + i)).startsWith("500 5.5.1");
            }
            assertThat(client.command("BOGUS")).startsWith("421 4.7.0");
            assertThat(client.isClosedByServer()).isTrue();
        }
    }

    @Test
    void tooManyCommandsCloseTheSession() throws Exception {
        try (SmtpTestClient client = SmtpTestClient.greeted(mta)) {
            for (int i = 2; i <= MAX_COMMANDS; i++) {
                assertThat(client.command("NOOP")).startsWith("250");
            }
            assertThat(client.command("NOOP")).startsWith("421 4.7.0");
            assertThat(client.isClosedByServer()).isTrue();
        }
    }

    @Test
    void aSessionThatLastsTooLongIsClosedWith421() throws Exception {
        try (SmtpTestClient client = SmtpTestClient.greeted(mta)) {
            assertThat(client.command("RSET")).startsWith("250");

            assertThat(client.reply()).as("said unasked when the time is up").startsWith("421 4.4.2");
            assertThat(client.isClosedByServer()).isTrue();
        }
    }

    @Test
    void everyReplyCarriesAnEnhancedStatusCode() throws Exception {
        InetSocketAddress withDefaultLimits = fixture.start(ListenerRole.MTA, TlsMode.NONE);
        List<String> replies = new ArrayList<>();
        try (SmtpTestClient client = SmtpTestClient.greeted(withDefaultLimits)) {
            for (String command : List.of("MAIL FROM:<bad", "MAIL FROM:<bob@remote.test> BODY=8BITMIME", "RCPT TO:<alice@example.test> FOO=BAR",
                    "RCPT TO:<alice@example.test>", "VRFY alice", "EXPN list", "HELP", "BDAT ten", "NOOP", "RSET", "STARTTLS",
                    "AUTH PLAIN", "QUIT")) {
                replies.add(command + " -> " + client.command(command));
            }
        }
        assertThat(replies).allSatisfy(reply -> assertThat(reply.substring(reply.indexOf(" -> ") + 4)).matches(ENHANCED));
    }
}
