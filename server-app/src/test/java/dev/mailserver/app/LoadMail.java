package dev.mailserver.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.IntConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.mailserver.core.testing.Await;
import dev.mailserver.smtp.testing.SmtpTestClient;

/**
 * Mail for load tests that kill a server: each message carries a marker, so that what arrives in the
 * Maildirs can be matched with what was acknowledged, and counted.
 */
final class LoadMail {
    static final List<String> RECIPIENTS = List.of("postmaster@localhost", "alice@example.test");
    private static final Pattern MARKER = Pattern.compile("X-Load-Marker: (\\S+)");
    private static final Pattern QUEUED = Pattern.compile("250 2\\.0\\.0 Ok: queued as ([0-9A-Z]{16})");

    private LoadMail() {
    }

    /**
     * The settings of a server under load (for {@link TestServers#writeConfigFile}): both recipients local,
     * the MTA listener alone on {@code port}, {@code deliveryWorkers} deliveries at once, retries after 1 s.
     */
    static String serverSettings(String hostname, int port, int deliveryWorkers) {
        return """
              hostname = "%s"
              domains = ["localhost", "example.test"]
              mailboxes = ["postmaster@localhost", "alice@example.test"]
              smtp.listeners.mta.port = %d
              smtp.listeners.submission.port = 0
              smtp.listeners.submissions.port = 0
              admin.port = 0
              delivery.concurrency = %d
              queue.retry-delays = [1s]
            """.formatted(hostname, port, deliveryWorkers);
    }

    /**
     * Sends up to {@code max} messages one after another until the server goes away; records each one
     * acknowledged with 250 (marker to queue id) and counts it down on {@code acks}.
     */
    static void sendUntilRefused(int port, String name, int max, Map<String, String> acknowledged, CountDownLatch acks) {
        sendUntilRefused(port, name, max, acknowledged, acks, RECIPIENTS, LoadMail::smallMessage);
    }

    /** As {@link #sendUntilRefused(int, String, int, Map, CountDownLatch)}, to these recipients, each message made from its marker. */
    static void sendUntilRefused(int port, String name, int max, Map<String, String> acknowledged, CountDownLatch acks,
                                 List<String> recipients, Function<String, String> messageOf) {
        try (SmtpTestClient client = SmtpTestClient.greeted(new InetSocketAddress("127.0.0.1", port))) {
            for (int n = 0; n < max; n++) {
                String marker = name + "-" + n;
                Matcher queued = QUEUED.matcher(send(client, recipients, messageOf.apply(marker)));
                if (queued.matches()) {
                    acknowledged.put(marker, queued.group(1));
                    acks.countDown();
                }
            }
        } catch (IOException serverGone) {
            // Expected once the server is killed: this message got no reply, so it need not arrive.
        }
    }

    private static String smallMessage(String marker) {
        return "Subject: load " + marker + "\r\nX-Load-Marker: " + marker + "\r\n\r\n" + "body line\r\n".repeat(20);
    }

    private static String send(SmtpTestClient client, List<String> recipients, String message) throws IOException {
        client.command("MAIL FROM:<load@remote.test>");
        for (String recipient : recipients) {
            client.command("RCPT TO:<" + recipient + ">");
        }
        client.command("DATA");
        client.send(message + ".\r\n");
        return client.reply();
    }

    /**
     * Lets {@code clients} senders (given their number) send to the started {@code server} until
     * {@code killPoint} is counted down or {@code limit} passes, then kills the server with SIGKILL and
     * waits for the senders to notice.
     */
    static void killWhileSending(Process server, int clients, IntConsumer sender, CountDownLatch killPoint, Duration limit)
        throws InterruptedException {
        ExecutorService senders = Executors.newFixedThreadPool(clients);
        try {
            for (int client = 0; client < clients; client++) {
                int number = client;
                senders.execute(() -> sender.accept(number));
            }
            killPoint.await(limit.toSeconds(), TimeUnit.SECONDS);
        } finally {
            server.destroyForcibly();
            assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
            senders.shutdown();
            assertThat(senders.awaitTermination(60, TimeUnit.SECONDS)).as("clients stop once the server is gone").isTrue();
        }
        assertThat(server.exitValue()).isEqualTo(137);
    }

    static Path maildirOf(Path dataDir, String recipient) {
        String[] parts = recipient.split("@");
        return dataDir.resolve("mail").resolve(parts[1]).resolve(parts[0]);
    }

    /**
     * Waits (bounded) until every expected marker is in the Maildirs taken together; returns how often each
     * marker is there.
     */
    static Map<String, Integer> awaitDelivered(Collection<Path> maildirs, Set<String> expected, Duration limit) throws Exception {
        return Await.value(() -> copiesByMarker(maildirs), copies -> copies.keySet().containsAll(expected), limit);
    }

    private static Map<String, Integer> copiesByMarker(Collection<Path> maildirs) throws IOException {
        Map<String, Integer> copies = new HashMap<>();
        for (Path maildir : maildirs) {
            for (Path file : Maildirs.newMessages(maildir)) {
                Matcher marker = MARKER.matcher(Files.readString(file, StandardCharsets.ISO_8859_1));
                if (marker.find()) {
                    copies.merge(marker.group(1), 1, Integer::sum);
                }
            }
        }
        return copies;
    }
}
