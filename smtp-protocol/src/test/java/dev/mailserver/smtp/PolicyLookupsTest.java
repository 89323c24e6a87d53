package dev.mailserver.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.mailserver.core.testing.MutableClock;
import dev.mailserver.delivery.dns.DnsJavaResolver;
import dev.mailserver.delivery.testing.TestDnsServer;
import dev.mailserver.queue.greylist.RocksDbGreylistStore;
import dev.mailserver.smtp.plugin.PluginHook;
import dev.mailserver.smtp.policy.DnsblPolicy;
import dev.mailserver.smtp.policy.GreylistPolicy;
import dev.mailserver.smtp.policy.SenderDomainPolicy;
import dev.mailserver.smtp.testing.SmtpTestClient;

/** The policy hooks that look things up (DNS, the greylist store), through a real listener, a DNS server on loopback and RocksDB. */
class PolicyLookupsTest {
    @TempDir
    Path root;
    private ListenerFixture fixture;
    private TestDnsServer dns;
    private DnsJavaResolver resolver;
    private final ExecutorService lookups = Executors.newVirtualThreadPerTaskExecutor();

    @BeforeEach
    void open() throws Exception {
        fixture = new ListenerFixture(root);
        dns = TestDnsServer.start();
        resolver = DnsJavaResolver.using(List.of(dns.address()), Duration.ofSeconds(2));
    }

    @AfterEach
    void close() throws Exception {
        fixture.close();
        dns.close();
        lookups.shutdownNow();
    }

    private InetSocketAddress mta(String name, dev.mailserver.plugin.api.AsyncSmtpHook hook) throws Exception {
        return fixture.start(ListenerRole.MTA, TlsMode.NONE, List.of(PluginHook.of(name, hook)));
    }

    /** The MTA with greylisting: 5 minutes before a retry passes, 4 hours for it, a passed triplet kept 36 days. */
    private InetSocketAddress greylistingMta(RocksDbGreylistStore store, Clock clock) throws Exception {
        return mta("greylisting", new GreylistPolicy(store, Duration.ofMinutes(5), Duration.ofHours(4), Duration.ofDays(36), clock, lookups));
    }

    @Test
    void aClientListedInADnsblIsRefusedAndAnUnlistedOneAccepted() throws Exception {
        InetSocketAddress listed = mta("dnsbl", new DnsblPolicy(List.of("clean.test", "bl.test"), resolver, lookups));
        dns.address("1.0.0.127.bl.test", "127.0.0.2");
        try (SmtpTestClient client = SmtpTestClient.greeted(listed)) {
            client.command("MAIL FROM:<bob@remote.test>");
            assertThat(client.command("RCPT TO:<alice@example.test>"))
                .isEqualTo("554 5.7.1 Service unavailable; client [127.0.0.1] blocked using bl.test");
        }

        InetSocketAddress unlisted = mta("dnsbl-clean", new DnsblPolicy(List.of("clean.test"), resolver, lookups));
        try (SmtpTestClient client = SmtpTestClient.greeted(unlisted)) {
            client.command("MAIL FROM:<bob@remote.test>");
            assertThat(client.command("RCPT TO:<alice@example.test>")).startsWith("250");
        }
    }

    @Test
    void aSenderDomainMustExistAndReceiveMail() throws Exception {
        dns.mx("mx-domain.test", 10, "mx.mx-domain.test").address("a-domain.test", "192.0.2.1").failing("broken.test");
        InetSocketAddress mta = mta("sender-domain", new SenderDomainPolicy(resolver, lookups));
        try (SmtpTestClient client = SmtpTestClient.greeted(mta)) {
            assertThat(client.command("MAIL FROM:<bob@missing.test>")).startsWith("550 5.1.8");
            assertThat(client.command("MAIL FROM:<bob@broken.test>")).startsWith("451 4.1.8");
            assertThat(client.command("MAIL FROM:<bob@a-domain.test>")).startsWith("250");
            client.command("RSET");
            assertThat(client.command("MAIL FROM:<bob@mx-domain.test>")).startsWith("250");
            client.command("RSET");
            assertThat(client.command("MAIL FROM:<>")).startsWith("250");
        }
    }

    @Test
    void theServersOwnRecipientRulesComeBeforeTheGreylistWhichStoresNothingForThem() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        try (RocksDbGreylistStore store = RocksDbGreylistStore.open(root.resolve("greylist"), Duration.ofDays(36))) {
            InetSocketAddress mta = greylistingMta(store, clock);
            try (SmtpTestClient client = SmtpTestClient.greeted(mta)) {
                client.command("MAIL FROM:<bob@remote.test>");
                assertThat(client.command("RCPT TO:<nobody@example.test>")).startsWith("550 5.1.1");
                assertThat(client.command("RCPT TO:<carol@elsewhere.test>")).startsWith("550 5.7.1");
                assertThat(client.command("RCPT TO:<alice@example.test>")).startsWith("451 4.7.1");
            }
            assertThat(store.find("127.0.0.|bob@remote.test|nobody@example.test")).isEmpty();
            assertThat(store.find("127.0.0.|bob@remote.test|carol@elsewhere.test")).isEmpty();
            assertThat(store.find("127.0.0.|bob@remote.test|alice@example.test")).isPresent();
        }
    }

    @Test
    void aTripletPassesOnlyWhenRetriedAfterTheDelayAndIsStoredInRocksDb() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-22T10:00:00Z"));
        try (RocksDbGreylistStore store = RocksDbGreylistStore.open(root.resolve("greylist"), Duration.ofDays(36))) {
            InetSocketAddress mta = greylistingMta(store, clock);
            try (SmtpTestClient client = SmtpTestClient.greeted(mta)) {
                client.command("MAIL FROM:<bob@remote.test>");
                assertThat(client.command("RCPT TO:<alice@example.test>")).isEqualTo("451 4.7.1 Greylisted, please try again in 300 seconds");
                clock.advance(Duration.ofMinutes(1));
                assertThat(client.command("RCPT TO:<alice@example.test>")).startsWith("451 4.7.1");
                clock.advance(Duration.ofMinutes(5));
                assertThat(client.command("RCPT TO:<alice@example.test>")).startsWith("250");
                clock.advance(Duration.ofDays(1));
                client.command("RSET");
                client.command("MAIL FROM:<bob@remote.test>");
                assertThat(client.command("RCPT TO:<alice@example.test>")).as("a passed triplet passes at once").startsWith("250");
            }
            assertThat(store.find("127.0.0.|bob@remote.test|alice@example.test")).hasValueSatisfying(entry -> assertThat(entry.passed()).isTrue());
        }
    }
}
