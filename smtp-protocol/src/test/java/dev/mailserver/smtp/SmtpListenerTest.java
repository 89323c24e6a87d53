package dev.mailserver.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.apache.james.core.Domain;
import org.apache.james.core.MailAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.mailserver.core.QueueId;
import dev.mailserver.core.queue.QueuedMail;
import dev.mailserver.queue.RocksDbMailQueue;
import dev.mailserver.smtp.testing.SmtpTestClient;
import dev.mailserver.storage.ConfiguredDirectory;

/** The listener embedded on its own, with just a spool behind it: no Guice, no delivery. */
class SmtpListenerTest {
    private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(1);

    @TempDir
    Path root;
    private RocksDbMailQueue queue;
    private SmtpListener listener;

    @BeforeEach
    void start() throws Exception {
        queue = RocksDbMailQueue.open(root.resolve("spool"), Clock.systemUTC());
        ConfiguredDirectory directory = new ConfiguredDirectory(Set.of(Domain.of("example.test")), Set.of(new MailAddress("alice@example.test")));
        ListenerSettings settings = new ListenerSettings("test", new InetSocketAddress("127.0.0.1", 0), "mx.example.test",
            ListenerSettings.DEFAULT_MAX_MESSAGE_SIZE, ListenerSettings.DEFAULT_MAX_LINE_LENGTH, ListenerSettings.DEFAULT_MAX_RECIPIENTS,
            IDLE_TIMEOUT, Duration.ofSeconds(5));
        listener = new SmtpListener(settings, directory, queue, IncomingSpool.open(root.resolve("incoming")));
        listener.start();
    }

    @AfterEach
    void stop() throws Exception {
        listener.stop();
        queue.close();
    }

    @Test
    void acceptedMailIsInTheQueueWithItsEnvelopeBeforeThe250() throws Exception {
        String reply;
        try (SmtpTestClient client = SmtpTestClient.greeted(listener.address())) {
            reply = client.sendMessage("bob@remote.test", "ALICE@example.test", "Subject: queued\r\n\r\nbody\r\n");
        }

        QueueId id = new QueueId(reply.substring(reply.lastIndexOf(' ') + 1));
        QueuedMail queued = queue.find(id).orElseThrow();
        assertThat(queued.sender().asString()).isEqualTo("bob@remote.test");
        assertThat(queued.pendingRecipients()).extracting(MailAddress::asString).containsExactly("ALICE@example.test");
        try (InputStream content = queue.content(id).openStream()) {
            assertThat(new String(content.readAllBytes(), StandardCharsets.US_ASCII))
                .startsWith("Received: from client.test ([127.0.0.1])\r\n\tby mx.example.test with ESMTP id " + id)
                .endsWith("\r\nSubject: queued\r\n\r\nbody\r\n");
        }
        assertThat(root.resolve("incoming")).isEmptyDirectory();
    }

    @Test
    void aSilentClientIsToldWhyItIsDisconnected() throws Exception {
        try (SmtpTestClient client = new SmtpTestClient(listener.address())) {
            client.expect("220");
            assertThat(client.reply()).startsWith("421 4.4.2");
            assertThat(client.isClosedByServer()).isTrue();
        }
    }

    @Test
    void stoppingSays421ToConnectedClients() throws Exception {
        try (SmtpTestClient client = SmtpTestClient.greeted(listener.address())) {
            listener.stop();
            assertThat(client.reply()).startsWith("421 4.3.2");
            assertThat(client.isClosedByServer()).isTrue();
        }
    }

    @Test
    void aSpoolThatCannotStoreGets451AndTheListenerKeepsServing() throws Exception {
        queue.close();
        try (SmtpTestClient client = SmtpTestClient.greeted(listener.address())) {
            assertThat(client.sendMessage("bob@remote.test", "alice@example.test", "Subject: lost?\r\n\r\nbody\r\n")).startsWith("451 4.3.0");
            assertThat(client.command("NOOP")).startsWith("250");
        }
        assertThat(root.resolve("incoming")).isEmptyDirectory();
        queue = RocksDbMailQueue.open(root.resolve("spool"), Clock.systemUTC());
        assertThat(queue.leaseDue(Instant.now().plusSeconds(1), 10)).isEqualTo(List.of());
    }
}
