package dev.mailserver.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.mailserver.core.testing.MutableClock;
import dev.mailserver.smtp.plugin.PluginHook;
import dev.mailserver.smtp.policy.HeaderSizePolicy;
import dev.mailserver.smtp.policy.HeloPolicy;
import dev.mailserver.smtp.policy.RateLimitPolicy;
import dev.mailserver.smtp.testing.SmtpTestClient;

/** The built-in policy hooks, each accepting and refusing through a real listener. */
class PolicyHooksTest {
    @TempDir
    Path root;
    private ListenerFixture fixture;

    @BeforeEach
    void open() throws Exception {
        fixture = new ListenerFixture(root);
    }

    @AfterEach
    void close() throws Exception {
        fixture.close();
    }

    private InetSocketAddress mta(PluginHook hook) throws Exception {
        return fixture.start(ListenerRole.MTA, TlsMode.NONE, List.of(hook));
    }

    @Test
    void heloChecks() throws Exception {
        InetSocketAddress mta = mta(PluginHook.of("helo", new HeloPolicy(true)));
        try (SmtpTestClient client = new SmtpTestClient(mta)) {
            client.expect("220");
            assertThat(client.command("EHLO bad_name!")).isEqualTo("501 5.5.2 Invalid HELO/EHLO name");
            assertThat(client.command("HELO localhost")).isEqualTo("504 5.5.2 HELO/EHLO name must be a fully qualified domain name");
            assertThat(client.command("HELO [192.0.2.1]")).startsWith("250");
            assertThat(client.command("EHLO client.example.test")).startsWith("250");
        }
    }

    @Test
    void headerSizeLimit() throws Exception {
        InetSocketAddress mta = mta(PluginHook.of("header-size", new HeaderSizePolicy(300)));
        try (SmtpTestClient client = SmtpTestClient.greeted(mta)) {
            assertThat(client.sendMessage("bob@remote.test", "alice@example.test", "Subject: small\r\n\r\nbody\r\n")).startsWith("250");
            assertThat(client.sendMessage("bob@remote.test", "alice@example.test", "Subject: " + "x".repeat(400) + "\r\n\r\nbody\r\n"))
                .isEqualTo("554 5.6.0 Message header section exceeds 300 bytes");
        }
    }

    @Test
    void rateLimitPerClient() throws Exception {
        InetSocketAddress mta = mta(PluginHook.of("rate", new RateLimitPolicy(2, 0, Duration.ofMinutes(1), Clock.systemUTC())));
        try (SmtpTestClient client = SmtpTestClient.greeted(mta)) {
            assertThat(client.command("MAIL FROM:<a@remote.test>")).startsWith("250");
            assertThat(client.command("RSET")).startsWith("250");
            assertThat(client.command("MAIL FROM:<a@remote.test>")).startsWith("250");
            assertThat(client.command("RSET")).startsWith("250");
            assertThat(client.command("MAIL FROM:<a@remote.test>")).isEqualTo("450 4.7.1 Too many messages from your address, try again later");
        }
    }

    @Test
    void theRateLimitForgetsClientsWhoseMessagesLeftTheWindow() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        RateLimitPolicy rate = new RateLimitPolicy(5, 0, Duration.ofMinutes(1), clock);
        InetSocketAddress mta = mta(PluginHook.of("rate", rate));
        for (String client : List.of("127.0.0.2", "127.0.0.3", "127.0.0.4")) {
            assertThat(mailFrom(client, mta)).startsWith("250");
        }
        assertThat(rate.trackedKeys()).isEqualTo(3);

        clock.advance(Duration.ofMinutes(2));
        assertThat(mailFrom("127.0.0.5", mta)).startsWith("250");

        assertThat(rate.trackedKeys()).as("only the client seen within the window").isEqualTo(1);
    }

    /** Connects from the loopback address {@code client} and answers the reply to a MAIL. */
    private static String mailFrom(String client, InetSocketAddress server) throws Exception {
        try (Socket socket = new Socket(server.getAddress(), server.getPort(), InetAddress.getByName(client), 0)) {
            socket.setSoTimeout(10_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            Writer out = new OutputStreamWriter(socket.getOutputStream(), StandardCharsets.US_ASCII);
            in.readLine();
            out.write("HELO client.test\r\nMAIL FROM:<a@remote.test>\r\n");
            out.flush();
            in.readLine();
            return in.readLine();
        }
    }
}
