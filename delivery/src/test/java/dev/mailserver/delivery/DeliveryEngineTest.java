package dev.mailserver.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import org.apache.james.core.Domain;
import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.mailserver.core.Envelope;
import dev.mailserver.core.MessageContent;
import dev.mailserver.core.QueueId;
import dev.mailserver.core.queue.QueuedMail;
import dev.mailserver.core.testing.MutableClock;
import dev.mailserver.queue.RetrySchedule;
import dev.mailserver.queue.RocksDbMailQueue;
import dev.mailserver.storage.ConfiguredDirectory;
import dev.mailserver.storage.MaildirStore;

/** The engine against the real RocksDB spool and real Maildirs. */
class DeliveryEngineTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final byte[] MESSAGE = "Subject: test\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path root;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private RocksDbMailQueue queue;
    private DeliveryEngine engine;

    @BeforeEach
    void start() throws Exception {
        queue = RocksDbMailQueue.open(root.resolve("spool"), clock, new RetrySchedule(List.of(Duration.ofMinutes(1)), Duration.ofDays(5)), 4);
        ConfiguredDirectory directory = new ConfiguredDirectory(Set.of(Domain.of("example.test")),
            Set.of(new MailAddress("alice@example.test"), new MailAddress("bob@example.test")));
        engine = new DeliveryEngine(queue, directory, new MaildirStore(root.resolve("mail"), directory), clock,
            new DeliverySettings(4, Duration.ofMillis(50)));
        engine.start();
    }

    @AfterEach
    void stop() throws Exception {
        engine.stop(Duration.ofSeconds(5));
        queue.close();
    }

    @Test
    void deliversEveryLocalRecipientAndRemovesTheMessage() throws Exception {
        enqueue("alice@example.test", "bob@example.test");

        awaitTrue(() -> queue.size() == 0);
        assertThat(newMessages("alice")).hasSize(1);
        assertThat(newMessages("bob")).hasSize(1);
        assertThat(Files.readAllBytes(newMessages("alice").get(0))).isEqualTo(MESSAGE);
    }

    @Test
    void aRecipientWithoutMailboxFailsForGoodWhileTheOthersAreDelivered() throws Exception {
        enqueue("alice@example.test", "gone@example.test");

        awaitTrue(() -> queue.size() == 0);
        assertThat(newMessages("alice")).hasSize(1);
        assertThat(root.resolve("mail/example.test/gone")).doesNotExist();
    }

    @Test
    void aStorageFailureIsRetriedAndDeliveredOnlyToTheRecipientStillPending() throws Exception {
        Path bobMaildir = root.resolve("mail/example.test/bob");
        Files.createDirectories(bobMaildir.getParent());
        Files.writeString(bobMaildir, "a file where the Maildir should be");
        QueueId id = enqueue("alice@example.test", "bob@example.test");

        awaitTrue(() -> attempts(id) == 1);
        assertThat(newMessages("alice")).hasSize(1);
        assertThat(queue.find(id).orElseThrow().pendingRecipients()).containsExactly(address("bob@example.test"));

        Files.delete(bobMaildir);
        clock.advance(Duration.ofMinutes(1));
        awaitTrue(() -> queue.size() == 0);
        assertThat(newMessages("bob")).hasSize(1);
        assertThat(newMessages("alice")).as("alice was delivered once, not again on retry").hasSize(1);
    }

    @Test
    void aRemoteRecipientStaysDeferredUntilRemoteDeliveryExists() throws Exception {
        QueueId id = enqueue("someone@remote.test");

        awaitTrue(() -> attempts(id) == 1);
        QueuedMail deferred = queue.find(id).orElseThrow();
        assertThat(deferred.pendingRecipients()).containsExactly(address("someone@remote.test"));
        assertThat(deferred.recipients().get(0).lastResult()).startsWith("4.4.3");
        assertThat(deferred.nextAttemptAt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(1)));
    }

    private QueueId enqueue(String... recipients) throws Exception {
        List<MailAddress> addresses = Stream.of(recipients).map(DeliveryEngineTest::address).toList();
        QueueId id = QueueId.generate();
        queue.enqueue(id, new Envelope(MaybeSender.getMailSender("sender@remote.test"), addresses), MessageContent.ofBytes(MESSAGE)).get();
        return id;
    }

    private int attempts(QueueId id) {
        return queue.find(id).map(QueuedMail::attempts).orElse(-1);
    }

    private List<Path> newMessages(String user) {
        Path dir = root.resolve("mail/example.test/" + user + "/new");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + TIMEOUT);
            }
            Thread.sleep(20);
        }
    }

    private static MailAddress address(String text) {
        try {
            return new MailAddress(text);
        } catch (javax.mail.internet.AddressException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
