package dev.mailserver.delivery.crash;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.apache.james.core.Domain;
import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;

import dev.mailserver.core.Envelope;
import dev.mailserver.core.MessageContent;
import dev.mailserver.core.QueueId;
import dev.mailserver.delivery.DeliveryEngine;
import dev.mailserver.delivery.EngineSettings;
import dev.mailserver.delivery.RemoteDelivery;
import dev.mailserver.delivery.RemoteDeliverySettings;
import dev.mailserver.delivery.dns.DnsJavaResolver;
import dev.mailserver.queue.RocksDbMailQueue;
import dev.mailserver.storage.directory.ConfiguredDirectory;
import dev.mailserver.storage.maildir.MaildirStore;

/**
 * The spool, the delivery engine and Maildirs in a JVM of their own, for a test to kill. {@code load SPOOL MAIL}
 * queues messages for {@link #RECIPIENTS} while the engine delivers them and prints {@code queued <marker>}
 * once each is synced; {@code drain SPOOL MAIL} delivers what is queued, prints {@code drained} and exits.
 */
public final class LocalDeliveryProcess {
    static final List<String> RECIPIENTS = List.of("alice@example.test", "bob@example.test");
    static final int DELIVERY_WORKERS = 8;
    private static final int MAX_MESSAGES = 20_000;
    private static final Duration DRAIN_LIMIT = Duration.ofMinutes(4);

    private LocalDeliveryProcess() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.US_ASCII);
        List<MailAddress> recipients = RECIPIENTS.stream().map(LocalDeliveryProcess::address).toList();
        ConfiguredDirectory directory = new ConfiguredDirectory(Set.of(Domain.of("example.test")), Set.copyOf(recipients));
        try (RocksDbMailQueue queue = RocksDbMailQueue.open(Path.of(args[1]), Clock.systemUTC());
             RemoteDelivery remote = new RemoteDelivery(RemoteDeliverySettings.builder("mx.test").build(), DnsJavaResolver.system(Duration.ofSeconds(1)))) {
            DeliveryEngine engine = new DeliveryEngine(queue, directory, new MaildirStore(Path.of(args[2]), directory), remote,
                Clock.systemUTC(), new EngineSettings(DELIVERY_WORKERS, EngineSettings.DEFAULT_POLL_INTERVAL, EngineSettings.DEFAULT_MAX_RECEIVED_HEADERS));
            engine.start();
            if (args[0].equals("load")) {
                String round = args[3];
                for (int n = 0; n < MAX_MESSAGES; n++) {
                    String marker = round + "-" + n;
                    byte[] message = ("Subject: load\r\nX-Load-Marker: " + marker + "\r\n\r\n" + "body line\r\n".repeat(20))
                        .getBytes(StandardCharsets.US_ASCII);
                    queue.enqueue(QueueId.generate(), new Envelope(MaybeSender.getMailSender("load@remote.test"), recipients),
                        MessageContent.ofBytes(message)).get();
                    out.println("queued " + marker);
                }
            }
            long deadline = System.nanoTime() + DRAIN_LIMIT.toNanos();
            while (queue.size() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            engine.stop(Duration.ofSeconds(10));
            out.println(queue.size() == 0 ? "drained" : "not drained: " + queue.size());
        }
    }

    private static MailAddress address(String text) {
        try {
            return new MailAddress(text);
        } catch (javax.mail.internet.AddressException e) {
            throw new IllegalArgumentException(text, e);
        }
    }
}
