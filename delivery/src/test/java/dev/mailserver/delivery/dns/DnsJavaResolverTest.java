package dev.mailserver.delivery.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;

import org.apache.james.core.Domain;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.mailserver.core.dns.DnsAnswer;
import dev.mailserver.core.dns.MxRecord;
import dev.mailserver.delivery.testing.TestDnsServer;

/** The resolver against a DNS server on loopback. */
class DnsJavaResolverTest {
    private TestDnsServer dns;
    private DnsJavaResolver resolver;

    @BeforeEach
    void start() throws Exception {
        dns = TestDnsServer.start();
        resolver = DnsJavaResolver.using(List.of(dns.address()), Duration.ofSeconds(2));
    }

    @AfterEach
    void stop() throws Exception {
        dns.close();
    }

    @Test
    void readsMxRecords() {
        dns.mx("example.test", 20, "mx2.example.test").mx("example.test", 10, "mx1.example.test");

        DnsAnswer<MxRecord> answer = resolver.mx(Domain.of("example.test"));

        assertThat(answer.status()).isEqualTo(DnsAnswer.Status.FOUND);
        assertThat(answer.records()).containsExactlyInAnyOrder(new MxRecord(10, "mx1.example.test"), new MxRecord(20, "mx2.example.test"));
    }

    @Test
    void readsANullMx() {
        dns.mx("nomail.test", 0, "");

        assertThat(resolver.mx(Domain.of("nomail.test")).records()).containsExactly(new MxRecord(0, ""));
        assertThat(resolver.mx(Domain.of("nomail.test")).records().get(0).isNullMx()).isTrue();
    }

    @Test
    void tellsAMissingDomainFromAMissingRecordTypeAndFromAFailure() {
        dns.address("host.test", "127.0.0.2").failing("broken.test");

        assertThat(resolver.mx(Domain.of("host.test")).status()).isEqualTo(DnsAnswer.Status.NO_RECORDS);
        assertThat(resolver.mx(Domain.of("missing.test")).status()).isEqualTo(DnsAnswer.Status.NO_SUCH_DOMAIN);
        assertThat(resolver.mx(Domain.of("broken.test")).status()).isEqualTo(DnsAnswer.Status.TEMPORARY_FAILURE);
    }

    @Test
    void readsIpv4AndIpv6AddressesIpv4First() throws Exception {
        dns.address("dual.test", "::1").address("dual.test", "127.0.0.3");

        assertThat(resolver.addresses("dual.test").records())
            .containsExactly(InetAddress.getByName("127.0.0.3"), InetAddress.getByName("::1"));
        assertThat(resolver.addresses("nowhere.test").status()).isEqualTo(DnsAnswer.Status.NO_SUCH_DOMAIN);
    }
}
