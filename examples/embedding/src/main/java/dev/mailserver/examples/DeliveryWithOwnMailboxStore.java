package dev.mailserver.examples;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.james.core.Domain;
import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;

import dev.mailserver.core.DeliveryResult;
import dev.mailserver.core.Envelope;
import dev.mailserver.core.MessageContent;
import dev.mailserver.core.QueueId;
import dev.mailserver.core.mailbox.LocalDelivery;
import dev.mailserver.core.mailbox.MailboxStore;
import dev.mailserver.delivery.DeliveryEngine;
import dev.mailserver.delivery.EngineSettings;
import dev.mailserver.delivery.RemoteDelivery;
import dev.mailserver.delivery.RemoteDeliverySettings;
import dev.mailserver.delivery.dns.DnsJavaResolver;
import dev.mailserver.queue.RocksDbMailQueue;
import dev.mailserver.storage.directory.ConfiguredDirectory;

/**
 * The delivery engine with your own mailbox store: local mail is handed to {@link InMemoryMailboxes}
 * (a database, an HTTP service, ...) instead of Maildir. Run it with a spool directory:
 * {@code DeliveryWithOwnMailboxStore /tmp/spool}.
 */
public final class DeliveryWithOwnMailboxStore {
    private DeliveryWithOwnMailboxStore() {
    }

    /** Your mailbox store: keeps each recipient's messages in memory. */
    public static final class InMemoryMailboxes implements MailboxStore {
        private final Map<String, String> lastMessage = new ConcurrentHashMap<>();

        @Override
        public DeliveryResult deliver(LocalDelivery delivery, MessageContent content) throws IOException {
            try (InputStream in = content.openStream()) {
                lastMessage.put(delivery.recipient().asString(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
            return DeliveryResult.delivered("kept in memory");
        }

        public Map<String, String> lastMessages() {
            return Map.copyOf(lastMessage);
        }
    }

    public static void main(String[] args) throws Exception {
        System.out.println(run(Path.of(args[0]), Duration.ofSeconds(20)));
    }

    /** Queues one message for alice@example.org and returns what the store holds once it has it. */
    public static Map<String, String> run(Path spoolDirectory, Duration timeout) throws Exception {
        ConfiguredDirectory directory = new ConfiguredDirectory(Set.of(Domain.of("example.org")), Set.of(new MailAddress("alice@example.org")));
        InMemoryMailboxes mailboxes = new InMemoryMailboxes();
        RemoteDelivery remote = new RemoteDelivery(RemoteDeliverySettings.builder("mx.example.org").build(),
            DnsJavaResolver.system(Duration.ofSeconds(5)));
        try (RocksDbMailQueue spool = RocksDbMailQueue.open(spoolDirectory, Clock.systemUTC())) {
            DeliveryEngine engine = new DeliveryEngine(spool, directory, mailboxes, remote, Clock.systemUTC(), EngineSettings.defaults());
            engine.start();
            spool.enqueue(QueueId.generate(), new Envelope(MaybeSender.getMailSender("me@example.org"),
                List.of(new MailAddress("alice@example.org"))), MessageContent.ofBytes("Subject: hi\r\n\r\nhello\r\n".getBytes(StandardCharsets.US_ASCII))).get();
            long deadline = System.nanoTime() + timeout.toNanos();
            while (mailboxes.lastMessages().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            engine.stop(Duration.ofSeconds(5));
        } finally {
            remote.close();
        }
        return mailboxes.lastMessages();
    }
}
