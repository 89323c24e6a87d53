package dev.mailserver.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.mailserver.delivery.dns.DnsJavaResolver;
import dev.mailserver.delivery.testing.TestDnsServer;
import dev.mailserver.smtp.server.ClientNames;
import dev.mailserver.smtp.testing.CapturedLogs;
import dev.mailserver.smtp.testing.SmtpTestClient;

/** The client's name in Received: and the message's log line: looked up at connect, off the IO thread, forward-confirmed. */
class ClientNamesTest {
    private static final String MESSAGE = "Subject: hi\r\n\r\nhello\r\n";

    @TempDir
    Path root;
    private ListenerFixture fixture;
    private TestDnsServer dns;
    private final ExecutorService lookups = Executors.newVirtualThreadPerTaskExecutor();

    @BeforeEach
    void open() throws Exception {
        fixture = new ListenerFixture(root);
        dns = TestDnsServer.start();
        // dnsjava's first look-up in a JVM starts its network thread (hundreds of milliseconds on a busy
        // machine): done here, so that the server's look-up at connect is as quick as any later one.
        DnsJavaResolver.using(List.of(dns.address()), Duration.ofSeconds(2)).addresses("warm-up.test");
    }

    @AfterEach
    void close() throws Exception {
        fixture.close();
        dns.close();
        lookups.shutdownNow();
    }

    /** A loopback address that /etc/hosts does not name (dnsjava reads it before asking the DNS server). */
    private static final String CLIENT = "127.0.0.2";

    private static SmtpTestClient greeted(InetSocketAddress server) throws Exception {
        SmtpTestClient client = new SmtpTestClient(server, InetAddress.getByName(CLIENT));
        client.expect("220");
        client.command("EHLO client.test");
        return client;
    }

    private InetSocketAddress mtaAsking(InetSocketAddress dnsServer, Duration limit) throws Exception {
        fixture.clientNames(new ClientNames(DnsJavaResolver.using(List.of(dnsServer), limit), lookups, limit));
        return fixture.start(ListenerRole.MTA, TlsMode.NONE);
    }

    /**
     * The Received: lines of messages sent one after another on one session, 100 ms apart, until one
     * contains {@code wanted} (the look-up at connect runs alongside the session) or ten were sent.
     */
    private List<String> receivedLines(SmtpTestClient client, String wanted) throws Exception {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 10 && lines.stream().noneMatch(line -> line.contains(wanted)); i++) {
            Thread.sleep(i == 0 ? 0 : 100);
            String content = fixture.content(client.sendMessage("bob@remote.test", "alice@example.test", MESSAGE));
            lines.add(content.substring(0, content.indexOf("\r\n")));
        }
        return lines;
    }

    @Test
    void aForwardConfirmedNameIsInTheReceivedHeaderAndTheLogLine() throws Exception {
        dns.ptr("127.0.0.2", "client.remote.test").address("client.remote.test", "127.0.0.2");
        InetSocketAddress mta = mtaAsking(dns.address(), Duration.ofSeconds(5));
        try (CapturedLogs logs = new CapturedLogs(); SmtpTestClient client = greeted(mta)) {
            assertThat(receivedLines(client, "client.remote.test")).last().isEqualTo("Received: from client.test (client.remote.test [127.0.0.2])");
            assertThat(logs.lines()).anyMatch(line -> line.contains("client=client.remote.test[127.0.0.2], helo="));
        }
    }

    @Test
    void aPtrNameThatDoesNotResolveBackGivesUnknown() throws Exception {
        dns.ptr("127.0.0.2", "forged.remote.test").address("forged.remote.test", "192.0.2.7");
        InetSocketAddress mta = mtaAsking(dns.address(), Duration.ofSeconds(5));
        try (CapturedLogs logs = new CapturedLogs(); SmtpTestClient client = greeted(mta)) {
            assertThat(receivedLines(client, "forged")).hasSize(10).containsOnly("Received: from client.test ([127.0.0.2])");
            assertThat(logs.lines()).filteredOn(line -> line.contains(", helo=client.test (queued)"))
                .hasSize(10).allMatch(line -> line.contains("client=unknown[127.0.0.2], helo="));
        }
    }

    @Test
    void aResolverThatNeverAnswersDelaysNothingAndGivesTheLiteral() throws Exception {
        try (DatagramSocket silent = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            Duration limit = Duration.ofSeconds(10);
            InetSocketAddress mta = mtaAsking((InetSocketAddress) silent.getLocalSocketAddress(), limit);
            try (CapturedLogs logs = new CapturedLogs()) {
                long start = System.nanoTime();
                try (SmtpTestClient client = greeted(mta)) {
                    String reply = client.sendMessage("bob@remote.test", "alice@example.test", MESSAGE);
                    // The whole session is over before the look-up could have given up: nothing waited for it.
                    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(limit);
                    assertThat(fixture.content(reply)).contains("Received: from client.test ([127.0.0.2])");
                    assertThat(logs.lines()).anyMatch(line -> line.contains("client=unknown[127.0.0.2], helo="));
                }
            }
        }
    }
}
