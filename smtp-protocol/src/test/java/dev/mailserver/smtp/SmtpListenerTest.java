package dev.mailserver.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import org.apache.james.core.MailAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.mailserver.core.queue.QueuedMail;
import dev.mailserver.core.testing.Await;
import dev.mailserver.queue.QueueSettings;
import dev.mailserver.queue.RocksDbMailQueue;
import dev.mailserver.smtp.auth.AuthFailures;
import dev.mailserver.smtp.testing.SmtpTestClient;
import dev.mailserver.smtp.testing.Undeletable;

/** An MTA listener embedded on its own, with just a spool behind it: no Guice, no delivery. */
class SmtpListenerTest {
    @TempDir
    Path root;
    private ListenerFixture fixture;
    private InetSocketAddress mta;

    @BeforeEach
    void start() throws Exception {
        fixture = new ListenerFixture(root);
        mta = fixture.start(ListenerRole.MTA, TlsMode.NONE, ListenerFixture.limits(Duration.ofSeconds(1)), AuthFailures.defaults());
    }

    @AfterEach
    void stop() throws Exception {
        fixture.close();
    }

    @Test
    void acceptedMailIsInTheQueueWithItsEnvelopeBeforeThe250() throws Exception {
        String reply;
        try (SmtpTestClient client = SmtpTestClient.greeted(mta)) {
            reply = client.sendMessage("bob@remote.test", "ALICE@example.test", "Subject: queued\r\n\r\nbody\r\n");
        }

        QueuedMail queued = fixture.queued(reply);
        assertThat(queued.sender().asString()).isEqualTo("bob@remote.test");
        assertThat(queued.pendingRecipients()).extracting(MailAddress::asString).containsExactly("ALICE@example.test");
        assertThat(fixture.content(reply))
            .startsWith("Received: from client.test ([127.0.0.1])\r\n\tby mx.example.test with ESMTP id " + queued.id())
            .endsWith("\r\nSubject: queued\r\n\r\nbody\r\n");
        assertThat(root.resolve("incoming")).isEmptyDirectory();
    }

    @Test
    void aBodySentInOneWriteIsQueuedLineForLineWithoutTheStuffedDots() throws Exception {
        String longest = "x".repeat(SessionLimits.defaults().maxLineLength());
        String sent = "plain\r\n..a stuffed dot\r\n\r\n" + longest + "\r\n..\r\n...\r\nlast\r\n";
        String reply;
        try (SmtpTestClient client = SmtpTestClient.greeted(mta)) {
            reply = client.sendMessage("bob@remote.test", "alice@example.test", "Subject: one write\r\n\r\n" + sent);
        }

        assertThat(fixture.content(reply))
            .endsWith("\r\nSubject: one write\r\n\r\nplain\r\n.a stuffed dot\r\n\r\n" + longest + "\r\n.\r\n..\r\nlast\r\n");
    }

    @Test
    void aLineTooLongOrWithABareLineFeedAmidBodyLinesRefusesTheMessage() throws Exception {
        String lines = "body line\r\n".repeat(50);
        try (SmtpTestClient client = SmtpTestClient.greeted(mta)) {
            String tooLong = "x".repeat(SessionLimits.defaults().maxLineLength() + 1);
            assertThat(client.sendMessage("bob@remote.test", "alice@example.test", "Subject: long\r\n\r\n" + lines + tooLong + "\r\n" + lines))
                .startsWith("500 5.5.2");
            assertThat(client.sendMessage("bob@remote.test", "alice@example.test", "Subject: bare\r\n\r\n" + lines + "bare\n" + lines))
                .startsWith("500 5.5.2 Bare LF");
        }
        assertThat(fixture.queue().size()).isZero();
    }

    @ParameterizedTest(name = "{0} body lines")
    @ValueSource(ints = {1, 700, 900, 5000})
    void contentOnBothSidesOfTheInMemoryLimitIsQueuedByteForByte(int lines) throws Exception {
        // 82 bytes a line: 700 lines and the headers stay under the 64 KiB kept in memory, 900 and more go on into a file.
        String body = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789abcdefghij\r\n".repeat(lines);
        String reply;
        try (SmtpTestClient client = SmtpTestClient.greeted(mta)) {
            reply = client.sendMessage("bob@remote.test", "alice@example.test", "Subject: sized\r\n\r\n" + body);
        }

        assertThat(fixture.content(reply)).endsWith("\r\nSubject: sized\r\n\r\n" + body);
        // A scratch file goes just after the 250.
        Await.until(() -> fileCount(root.resolve("incoming")) == 0, Duration.ofSeconds(10));
    }

    @Test
    void theQueuedReplyIsSentEvenWhenTheScratchFileCannotBeDeleted() throws Exception {
        Path incoming = root.resolve("incoming");
        try (SmtpTestClient client = SmtpTestClient.greeted(mta)) {
            client.command("MAIL FROM:<bob@remote.test>");
            client.command("RCPT TO:<alice@example.test>");
            assertThat(client.command("DATA")).startsWith("354");
            // More than the 64 KiB kept in memory, so that the content goes to a scratch file.
            client.send("Subject: kept\r\n\r\n" + "body\r\n".repeat(12_000));
            for (int i = 0; i < 200 && fileCount(incoming) == 0; i++) {
                Thread.sleep(50);
            }
            String reply;
            try (Undeletable ignored = Undeletable.entriesOf(incoming)) {
                client.send(".\r\n");
                reply = client.reply();
            }
            assertThat(reply).startsWith("250 2.0.0 Ok: queued as ");
            assertThat(fixture.queued(reply).pendingRecipients()).hasSize(1);
            assertThat(client.command("NOOP")).startsWith("250");
        }
    }

    private static long fileCount(Path directory) {
        try (Stream<Path> files = Files.list(directory)) {
            return files.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void aSilentClientIsToldWhyItIsDisconnected() throws Exception {
        try (SmtpTestClient client = new SmtpTestClient(mta)) {
            client.expect("220");
            assertThat(client.reply()).startsWith("421 4.4.2");
            assertThat(client.isClosedByServer()).isTrue();
        }
    }

    @Test
    void stoppingSays421ToConnectedClients() throws Exception {
        try (SmtpTestClient client = SmtpTestClient.greeted(mta)) {
            fixture.close();
            assertThat(client.reply()).startsWith("421 4.3.2");
            assertThat(client.isClosedByServer()).isTrue();
        }
        fixture = new ListenerFixture(root);
    }

    @Test
    void aSpoolWithoutSpaceGets452AtMailAndTheListenerKeepsServing(@TempDir Path otherRoot) throws Exception {
        try (ListenerFixture full = new ListenerFixture(otherRoot, QueueSettings.defaults().withMinFreeBytes(Long.MAX_VALUE / 4))) {
            InetSocketAddress listener = full.start(ListenerRole.MTA, TlsMode.NONE);
            try (SmtpTestClient client = SmtpTestClient.greeted(listener)) {
                assertThat(client.command("MAIL FROM:<bob@remote.test>")).as("refused before the message is sent").startsWith("452 4.3.1");
                assertThat(client.command("RCPT TO:<alice@example.test>")).startsWith("503");
                assertThat(client.command("NOOP")).startsWith("250");
            }
            assertThat(full.queue().size()).isZero();
        }
    }

    @Test
    void aClosedSpoolGets451AndTheListenerKeepsServing() throws Exception {
        fixture.queue().close();
        try (SmtpTestClient client = SmtpTestClient.greeted(mta)) {
            assertThat(client.sendMessage("bob@remote.test", "alice@example.test", "Subject: lost?\r\n\r\nbody\r\n")).startsWith("451 4.3.0");
            assertThat(client.command("NOOP")).startsWith("250");
        }
        assertThat(root.resolve("incoming")).isEmptyDirectory();
        try (RocksDbMailQueue reopened = RocksDbMailQueue.open(root.resolve("spool"), Clock.systemUTC())) {
            assertThat(reopened.leaseDue(Instant.now().plusSeconds(1), 10)).isEqualTo(List.of());
        }
    }
}
