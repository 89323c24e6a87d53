package dev.mailserver.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.apache.james.core.MailAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.mailserver.smtp.plugin.PluginHook;
import dev.mailserver.smtp.policy.RateLimitPolicy;
import dev.mailserver.smtp.testing.SmtpTestClient;

/** Clients of the trusted networks, over real sockets: relay on the MTA listener without AUTH, no per-client limits. */
class TrustedNetworksTest {
    private static final TrustedNetworks LOOPBACK = TrustedNetworks.of(TrustedNetworks.LOOPBACK);

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

    private static SessionLimits perClient(int maxConnectionsPerClient) {
        SessionLimits defaults = SessionLimits.defaults();
        return new SessionLimits(defaults.maxMessageSize(), defaults.maxLineLength(), defaults.maxRecipients(), defaults.maxTransactions(), defaults.idleTimeout(),
            defaults.maxSessionTime(), defaults.maxConnections(), maxConnectionsPerClient, defaults.maxErrors(),
            defaults.maxCommands(), defaults.maxAuthFailures());
    }

    @Test
    void aTrustedClientRelaysOnTheMtaListenerWithoutAuth() throws Exception {
        InetSocketAddress mta = fixture.start(ListenerRole.MTA, TlsMode.NONE, SessionLimits.defaults(), LOOPBACK, List.of());
        String reply;
        try (SmtpTestClient client = SmtpTestClient.greeted(mta)) {
            reply = client.sendMessage("webapp@example.test", "customer@remote.test", "Subject: order\r\n\r\nshipped\r\n");
        }
        assertThat(fixture.queued(reply).pendingRecipients()).extracting(MailAddress::asString).containsExactly("customer@remote.test");
    }

    @Test
    void aClientOutsideTheTrustedNetworksMayNotRelay() throws Exception {
        InetSocketAddress mta = fixture.start(ListenerRole.MTA, TlsMode.NONE, SessionLimits.defaults(),
            TrustedNetworks.of(List.of("::1/128", "192.0.2.0/24")), List.of());
        try (SmtpTestClient client = SmtpTestClient.greeted(mta)) {
            client.command("MAIL FROM:<webapp@example.test>");
            assertThat(client.command("RCPT TO:<customer@remote.test>")).startsWith("550 5.7.1");
        }
    }

    @Test
    void trustedClientsHaveNoPerClientConnectionLimit() throws Exception {
        InetSocketAddress mta = fixture.start(ListenerRole.MTA, TlsMode.NONE, perClient(2), LOOPBACK, List.of());
        List<SmtpTestClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 6; i++) {
                SmtpTestClient client = new SmtpTestClient(mta);
                clients.add(client);
                assertThat(client.reply()).as("connection " + (i + 1)).startsWith("220");
            }
        } finally {
            for (SmtpTestClient client : clients) {
                client.close();
            }
        }
    }

    @Test
    void trustedClientsAreNotRateLimited() throws Exception {
        RateLimitPolicy oneMessage = new RateLimitPolicy(1, 0, Duration.ofMinutes(1), Clock.systemUTC(), LOOPBACK::contains);
        InetSocketAddress mta = fixture.start(ListenerRole.MTA, TlsMode.NONE, SessionLimits.defaults(), LOOPBACK,
            List.of(PluginHook.of("rate", oneMessage)));
        try (SmtpTestClient client = SmtpTestClient.greeted(mta)) {
            for (int i = 0; i < 3; i++) {
                assertThat(client.command("MAIL FROM:<webapp@example.test>")).startsWith("250");
                client.command("RSET");
            }
        }
    }

    @Test
    void networksAreMatchedByPrefixAndABadOneIsNamed() throws Exception {
        TrustedNetworks networks = TrustedNetworks.of(List.of("10.1.0.0/16", "2001:db8::/32", "192.0.2.7"));

        assertThat(networks.networkOf(InetAddress.getByName("10.1.200.3"))).contains("10.1.0.0/16");
        assertThat(networks.networkOf(InetAddress.getByName("2001:db8:1::5"))).contains("2001:db8::/32");
        assertThat(networks.contains(InetAddress.getByName("192.0.2.7"))).isTrue();
        assertThat(networks.contains(InetAddress.getByName("192.0.2.8"))).isFalse();
        assertThat(networks.contains(InetAddress.getByName("10.2.0.1"))).isFalse();
        assertThatThrownBy(() -> TrustedNetworks.of(List.of("10.0.0.0/33"))).hasMessageContaining("10.0.0.0/33");
        assertThatThrownBy(() -> TrustedNetworks.of(List.of("localhost"))).hasMessageContaining("'localhost' is not a network");
    }
}
