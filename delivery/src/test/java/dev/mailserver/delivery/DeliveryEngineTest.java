package dev.mailserver.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

import dev.mailserver.core.Envelope;
import dev.mailserver.core.MessageContent;
import dev.mailserver.core.QueueId;
import dev.mailserver.core.queue.QueuedMail;
import dev.mailserver.core.queue.RecipientState;
import dev.mailserver.core.queue.RecipientStatus;
import dev.mailserver.core.testing.MutableClock;
import dev.mailserver.delivery.dns.DnsJavaResolver;
import dev.mailserver.delivery.dsn.DsnComposer;
import dev.mailserver.delivery.dsn.RemoteDiagnostic;
import dev.mailserver.core.testing.Await;
import dev.mailserver.delivery.testing.TestDnsServer;
import dev.mailserver.delivery.testing.TestSmtpServer;
import dev.mailserver.queue.QueueSettings;
import dev.mailserver.queue.RetrySchedule;
import dev.mailserver.queue.RocksDbMailQueue;
import dev.mailserver.core.DeliveryResult;
import dev.mailserver.core.mailbox.LocalDelivery;
import dev.mailserver.core.mailbox.MailboxStore;
import dev.mailserver.storage.directory.AddressingRules;
import dev.mailserver.storage.directory.Aliases;
import dev.mailserver.storage.directory.ConfiguredDirectory;
import dev.mailserver.storage.directory.DomainAliases;
import dev.mailserver.storage.directory.RecipientResolver;
import dev.mailserver.storage.directory.ResolvingStore;
import dev.mailserver.storage.maildir.MaildirStore;

/** The engine against the real RocksDB spool, real Maildirs, and SMTP servers on loopback found through a test DNS server. */
class DeliveryEngineTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final byte[] MESSAGE = "Subject: test\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path root;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final ConfiguredDirectory directory = new ConfiguredDirectory(Set.of(Domain.of("example.test")),
        Set.of(address("alice@example.test"), address("bob@example.test")));
    private final List<TestSmtpServer> servers = new ArrayList<>();
    private TestDnsServer dns;
    private RocksDbMailQueue queue;
    private RemoteDelivery remote;
    private DeliveryEngine engine;

    @BeforeEach
    void openQueue() throws Exception {
        queue = openQueue(QueueSettings.defaults());
        dns = TestDnsServer.start();
    }

    /** The spool, with DSNs written by the composer under test and retries every minute. */
    private RocksDbMailQueue openQueue(QueueSettings settings) throws Exception {
        return RocksDbMailQueue.open(root.resolve("spool"), clock,
            settings.withRetrySchedule(new RetrySchedule(List.of(Duration.ofMinutes(1)), Duration.ofDays(5))).withWriterThreads(4),
            new DsnComposer("mx.example.test", directory, clock));
    }

    private void startEngine(int smtpPort) {
        startEngine(smtpPort, directory);
    }

    private void startEngine(int smtpPort, ConfiguredDirectory directory) {
        startEngine(smtpPort, directory, new MaildirStore(root.resolve("mail"), directory));
    }

    private void startEngine(int smtpPort, ConfiguredDirectory directory, MailboxStore mailboxes) {
        remote = new RemoteDelivery(RemoteDeliverySettings.builder("mx.example.test").port(smtpPort).selfAddresses(Set.of())
            .connectTimeout(Duration.ofSeconds(10)).build(), DnsJavaResolver.using(List.of(dns.address()), Duration.ofSeconds(2)));
        engine = new DeliveryEngine(queue, directory, mailboxes, remote, clock, new EngineSettings(8, Duration.ofMillis(50), 50));
        engine.start();
    }

    private void startEngine() {
        startEngine(25);
    }

    @AfterEach
    void stop() throws Exception {
        if (engine != null) {
            engine.stop(Duration.ofSeconds(5));
            remote.close();
        }
        queue.close();
        for (TestSmtpServer server : servers) {
            server.close();
        }
        dns.close();
    }

    @Test
    void deliversEveryLocalRecipientAndRemovesTheMessage() throws Exception {
        startEngine();
        enqueue("alice@example.test", "bob@example.test");

        awaitTrue(() -> queue.size() == 0);
        assertThat(newMessages("alice")).hasSize(1);
        assertThat(newMessages("bob")).hasSize(1);
        assertThat(Files.readString(newMessages("alice").get(0), StandardCharsets.ISO_8859_1))
            .isEqualTo("Return-Path: <sender@remote.test>\r\nDelivered-To: alice@example.test\r\n" + new String(MESSAGE, StandardCharsets.ISO_8859_1));
    }

    @Test
    void aBacklogDrainsWithoutWaitingForThePollInterval() throws Exception {
        for (int i = 0; i < 300; i++) {
            enqueue("alice@example.test");
        }
        remote = new RemoteDelivery(RemoteDeliverySettings.builder("mx.example.test").selfAddresses(Set.of()).build(),
            DnsJavaResolver.using(List.of(dns.address()), Duration.ofSeconds(2)));
        engine = new DeliveryEngine(queue, directory, new MaildirStore(root.resolve("mail"), directory), remote,
            clock, new EngineSettings(8, Duration.ofHours(1), 50));
        engine.start();

        awaitTrue(() -> queue.size() == 0);
        assertThat(newMessages("alice")).hasSize(300);
    }

    @Test
    void anUncheckedErrorWhileRoutingIsRecordedAsADeferralInsteadOfHoldingTheLease() throws Exception {
        ConfiguredDirectory failing = new ConfiguredDirectory(Set.of(Domain.of("example.test")), Set.of(),
            domain -> {
                throw new UncheckedIOException(new IOException("the domains file cannot be read"));
            }, address -> false);
        startEngine(25, failing);
        QueueId id = enqueue("bob@elsewhere.test");

        awaitTrue(() -> attempts(id) == 1);
        RecipientState state = queue.find(id).orElseThrow().recipients().get(0);
        assertThat(state.status()).isEqualTo(RecipientStatus.PENDING);
        assertThat(state.lastResult()).startsWith("4.3.0");
    }

    @Test
    void aQuarantinedMessageGoesIntoTheJunkFolderOfEachLocalRecipient() throws Exception {
        startEngine();
        byte[] quarantined = ("X-Mailserver-Quarantine: dmarc=fail (p=quarantine) header.from=shop.test\r\n"
            + new String(MESSAGE, StandardCharsets.US_ASCII)).getBytes(StandardCharsets.US_ASCII);
        queue.enqueue(QueueId.generate(), new Envelope(MaybeSender.getMailSender("sender@shop.test"),
            List.of(address("alice@example.test"))), MessageContent.ofBytes(quarantined)).get();

        awaitTrue(() -> queue.size() == 0);
        assertThat(newMessages("alice")).isEmpty();
        try (Stream<Path> junk = Files.list(root.resolve("mail/example.test/alice/.Junk/new"))) {
            assertThat(junk.toList()).singleElement().satisfies(file -> assertThat(Files.readAllBytes(file)).endsWith(quarantined));
        }
    }

    @Test
    void aRecipientWithoutMailboxFailsForGoodWhileTheOthersAreDelivered() throws Exception {
        startEngine();
        enqueue("alice@example.test", "gone@example.test");

        awaitTrue(() -> queue.size() == 0);
        assertThat(newMessages("alice")).hasSize(1);
        assertThat(root.resolve("mail/example.test/gone")).doesNotExist();
    }

    @Test
    void eachAttemptIsOneLogLineWithItsDelaySinceArrival() throws Exception {
        Logger engineLog = (Logger) LoggerFactory.getLogger(DeliveryEngine.class);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        engineLog.addAppender(logged);
        try {
            QueueId id = enqueue("alice@example.test");
            clock.advance(Duration.ofMillis(61_237));
            startEngine();

            awaitTrue(() -> queue.size() == 0);
            assertThat(List.copyOf(logged.list)).extracting(ILoggingEvent::getFormattedMessage)
                .filteredOn(line -> line.startsWith(id + ": to="))
                .singleElement().asString().startsWith(id + ": to=<alice@example.test>, relay=local, tls=none, delay=61.24, dsn=2.0.0, status=sent (stored as ");
        } finally {
            engineLog.detachAppender(logged);
        }
    }

    @Test
    void aMailboxStorageFailureIsOneWarnLineWithoutATrace() throws Exception {
        Logger router = (Logger) LoggerFactory.getLogger(RecipientRouter.class);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        router.addAppender(logged);
        try {
            startEngine();
            Path bobMaildir = root.resolve("mail/example.test/bob");
            Files.createDirectories(bobMaildir.getParent());
            Files.writeString(bobMaildir, "a file where the Maildir should be");
            QueueId id = enqueue("bob@example.test");

            awaitTrue(() -> attempts(id) == 1);
            assertThat(List.copyOf(logged.list)).singleElement().satisfies(event -> {
                assertThat(event.getLevel()).isEqualTo(Level.WARN);
                assertThat(event.getFormattedMessage()).startsWith("Mailbox delivery to <bob@example.test> failed: ");
                assertThat(event.getThrowableProxy()).isNull();
            });
        } finally {
            router.detachAppender(logged);
        }
    }

    @Test
    void aStorageFailureIsRetriedAndDeliveredOnlyToTheRecipientStillPending() throws Exception {
        startEngine();
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
    void remoteMailDeferredByA4xxIsRetriedOnScheduleAndThenDelivered() throws Exception {
        TestSmtpServer server = server().dataReply(transaction -> transaction == 1 ? "451 4.3.0 try again later" : "250 2.0.0 Ok: queued");
        dns.mx("remote.test", 10, "mx1.remote.test").address("mx1.remote.test", "127.0.0.2");
        startEngine(server.port());
        QueueId id = enqueue("someone@remote.test");

        awaitTrue(() -> attempts(id) == 1);
        QueuedMail deferred = queue.find(id).orElseThrow();
        assertThat(deferred.pendingRecipients()).containsExactly(address("someone@remote.test"));
        assertThat(deferred.recipients().get(0).lastResult())
            .isEqualTo("4.3.0 host mx1.remote.test[127.0.0.2]:" + server.port() + " said: 451 4.3.0 try again later (in reply to end of DATA)");
        assertThat(deferred.nextAttemptAt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(1)));

        clock.advance(Duration.ofMinutes(1));
        awaitTrue(() -> queue.size() == 0);
        assertThat(server.received()).singleElement().satisfies(received -> assertThat(received.content()).isEqualTo(new String(MESSAGE, StandardCharsets.US_ASCII)));
    }

    @Test
    void localAndRemoteRecipientsOfOneMessageEachKeepTheirOwnState() throws Exception {
        TestSmtpServer server = server().rcptReply(recipient -> switch (recipient) {
            case "gone@remote.test" -> "550 5.1.1 no such user";
            case "full@remote.test" -> "452 4.2.2 mailbox full";
            default -> "250 2.1.5 Ok";
        });
        dns.mx("remote.test", 10, "mx1.remote.test").address("mx1.remote.test", "127.0.0.2");
        startEngine(server.port());
        QueueId id = enqueue("alice@example.test", "bob@remote.test", "gone@remote.test", "full@remote.test");

        awaitTrue(() -> attempts(id) == 1);
        List<RecipientState> states = queue.find(id).orElseThrow().recipients();
        assertThat(states).extracting(RecipientState::status)
            .containsExactly(RecipientStatus.DELIVERED, RecipientStatus.DELIVERED, RecipientStatus.FAILED, RecipientStatus.PENDING);
        assertThat(newMessages("alice")).hasSize(1);
        assertThat(server.received()).filteredOn(received -> !received.mailFrom().isEmpty())
            .singleElement().satisfies(received -> assertThat(received.recipients()).containsExactly("bob@remote.test"));
        awaitTrue(() -> server.received().stream().anyMatch(received -> received.mailFrom().isEmpty()
            && received.recipients().equals(List.of("sender@remote.test")) && received.content().contains("Status: 5.1.1")));
        assertThat(RemoteDiagnostic.findIn(states.get(2).lastResult()))
            .contains(new RemoteDiagnostic("mx1.remote.test", "550 5.1.1 no such user"));
    }

    @Test
    void anAliasForwardIsQueuedOnceWhenALocalDeliveryThatACrashInterruptedIsRepeated() throws Exception {
        TestSmtpServer server = server();
        dns.mx("remote.test", 10, "mx1.remote.test").address("mx1.remote.test", "127.0.0.2");
        Aliases aliases = Aliases.open(root.resolve("aliases"));
        aliases.add(address("team@example.test"), List.of(address("alice@example.test"), address("carol@remote.test")));
        MailboxStore store = new ResolvingStore(new RecipientResolver(directory, aliases, DomainAliases.open(root.resolve("domain-aliases")),
            new AddressingRules(Optional.empty(), address("alice@example.test"))), new MaildirStore(root.resolve("mail"), directory), false);
        QueueId id = enqueue("team@example.test");
        QueuedMail queued = queue.find(id).orElseThrow();
        // The attempt a crash cut short: the copy is stored, the result and its forward were never recorded.
        DeliveryResult interrupted = store.deliver(new LocalDelivery(id, queued.sender(), address("team@example.test"), queued.arrivedAt(), false),
            MessageContent.ofBytes(MESSAGE));
        assertThat(interrupted.followUps()).hasSize(1);
        clock.advance(Duration.ofSeconds(1));

        startEngine(server.port(), directory, store);

        awaitTrue(() -> queue.size() == 0 && server.received().size() == 1);
        assertThat(newMessages("alice")).hasSize(1);
        assertThat(server.received()).singleElement().satisfies(forward -> {
            assertThat(forward.recipients()).containsExactly("carol@remote.test");
            assertThat(forward.mailFrom()).isEqualTo("sender@remote.test");
        });
    }

    @Test
    void aDestinationGetsNoMoreConnectionsThanItsLimitAndASlowOneHoldsUpNoOther() throws Exception {
        TestSmtpServer slow = server().closeGate();
        TestSmtpServer fast = TestSmtpServer.start(RemoteDeliveryTest.address("127.0.0.3"), slow.port());
        servers.add(fast);
        dns.mx("slow.test", 10, "mx.slow.test").address("mx.slow.test", "127.0.0.2")
            .mx("fast.test", 10, "mx.fast.test").address("mx.fast.test", "127.0.0.3");
        remote = new RemoteDelivery(RemoteDeliverySettings.builder("mx.example.test").port(slow.port()).selfAddresses(Set.of())
            .destinationConcurrency(2).connectTimeout(Duration.ofSeconds(15)).build(),
            DnsJavaResolver.using(List.of(dns.address()), Duration.ofSeconds(2)));
        engine = new DeliveryEngine(queue, directory, new MaildirStore(root.resolve("mail"), directory), remote,
            clock, new EngineSettings(8, Duration.ofMillis(50), 50));
        engine.start();
        for (int i = 0; i < 5; i++) {
            enqueue("user" + i + "@slow.test");
        }
        awaitTrue(() -> slow.openConnections() == 2);

        enqueue("someone@fast.test");
        awaitTrue(() -> fast.received().size() == 1);
        assertThat(slow.received()).isEmpty();

        slow.openGate();
        awaitTrue(() -> queue.size() == 0);
        assertThat(slow.received()).hasSize(5);
        assertThat(slow.maxOpenConnections()).isEqualTo(2);
    }

    @Test
    void queuedMailForOneDestinationSharesConnectionsAndAServerClosingThemDefersNothing() throws Exception {
        TestSmtpServer server = server().closeAfterMessages(5, "421 4.4.2 test.smtp closing");
        dns.mx("remote.test", 10, "mx1.remote.test").address("mx1.remote.test", "127.0.0.2");
        for (int i = 0; i < 30; i++) {
            enqueue("user" + i + "@remote.test");
        }

        startEngine(server.port());

        // A deferred message would wait for the clock to pass its retry time, which it never does here.
        awaitTrue(() -> queue.size() == 0);
        assertThat(server.received()).hasSize(30);
        // Each connection carries 5 messages, except those still open at the end (at most the engine's 8 at once).
        assertThat(server.connections()).isBetween(6, 30 / 5 + 8);
        assertThat(server.commands()).doesNotContain("RSET");
    }

    @Test
    void aConnectionLostInTheMiddleOfAMessageDefersJustThatMessageAndItIsRetried() throws Exception {
        TestSmtpServer server = server().dataReply(transaction -> transaction == 3 ? null : "250 2.0.0 Ok: queued");
        dns.mx("remote.test", 10, "mx1.remote.test").address("mx1.remote.test", "127.0.0.2");
        List<QueueId> ids = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            ids.add(enqueue("user" + i + "@remote.test"));
        }

        startEngine(server.port());

        awaitTrue(() -> queue.size() == 1);
        assertThat(server.received()).hasSize(5);
        QueuedMail deferred = ids.stream().map(queue::find).flatMap(Optional::stream).findFirst().orElseThrow();
        assertThat(deferred.attempts()).isEqualTo(1);
        assertThat(deferred.recipients().get(0).status()).isEqualTo(RecipientStatus.PENDING);
        assertThat(deferred.recipients().get(0).lastResult()).startsWith("4.4.2 lost connection with mx1.remote.test[127.0.0.2]:" + server.port());

        clock.advance(Duration.ofMinutes(1));
        awaitTrue(() -> queue.size() == 0);
        assertThat(server.received()).hasSize(6)
            .extracting(received -> received.recipients().get(0)).contains(deferred.recipients().get(0).recipient().asString());
    }

    @Test
    void aMessageWithTooManyReceivedHeadersIsALoopAndGoesNowhere() throws Exception {
        TestSmtpServer server = server();
        dns.mx("remote.test", 10, "mx1.remote.test").address("mx1.remote.test", "127.0.0.2");
        startEngine(server.port());
        String looping = "Received: from somewhere\r\n".repeat(51) + "Subject: loop\r\n\r\nbody\r\n";
        QueueId id = QueueId.generate();
        queue.enqueue(id, new Envelope(MaybeSender.nullSender(), List.of(address("alice@example.test"), address("bob@remote.test"))),
            MessageContent.ofBytes(looping.getBytes(StandardCharsets.US_ASCII))).get();

        awaitTrue(() -> queue.size() == 0);
        assertThat(newMessages("alice")).isEmpty();
        assertThat(server.connections()).isZero();
    }

    @Test
    void theSenderIsWarnedOnceWhenMailIsDelayedPastTheWarningTime() throws Exception {
        TestSmtpServer server = server().rcptReply(recipient -> "450 4.2.1 try later");
        dns.mx("remote.test", 10, "mx1.remote.test").address("mx1.remote.test", "127.0.0.2");
        queue.close();
        queue = openQueue(QueueSettings.defaults().withDelayWarning(Duration.ofSeconds(90)));
        startEngine(server.port());
        QueueId id = QueueId.generate();
        queue.enqueue(id, new Envelope(MaybeSender.getMailSender("alice@example.test"), List.of(address("bob@remote.test"))),
            MessageContent.ofBytes(MESSAGE)).get();

        awaitTrue(() -> attempts(id) == 1);
        clock.advance(Duration.ofMinutes(1));
        awaitTrue(() -> attempts(id) == 2);
        assertThat(newMessages("alice")).isEmpty();
        clock.advance(Duration.ofMinutes(1));
        awaitTrue(() -> attempts(id) == 3);
        awaitTrue(() -> newMessages("alice").size() == 1);
        clock.advance(Duration.ofMinutes(1));
        awaitTrue(() -> attempts(id) == 4);

        assertThat(newMessages("alice")).hasSize(1);
        assertThat(Files.readString(newMessages("alice").get(0)))
            .contains("Subject: Delayed Mail (still being retried)")
            .contains("Action: delayed")
            .contains("Status: 4.2.1");
    }

    private TestSmtpServer server() throws Exception {
        TestSmtpServer server = TestSmtpServer.start(RemoteDeliveryTest.address("127.0.0.2"), 0);
        servers.add(server);
        return server;
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

    private static void awaitTrue(BooleanSupplier condition) throws Exception {
        Await.until(condition::getAsBoolean, TIMEOUT);
    }

    private static MailAddress address(String text) {
        try {
            return new MailAddress(text);
        } catch (javax.mail.internet.AddressException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
