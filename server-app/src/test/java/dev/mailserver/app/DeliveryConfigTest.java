package dev.mailserver.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Optional;

import org.apache.james.core.Domain;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.typesafe.config.ConfigException;

import dev.mailserver.app.config.ConfigLoader;
import dev.mailserver.app.config.DeliveryConfig;
import dev.mailserver.app.config.OutboundTlsConfig;
import dev.mailserver.delivery.Relay;
import dev.mailserver.delivery.RemoteDeliverySettings;
import dev.mailserver.delivery.TlsPolicy;

/** The delivery settings as an administrator writes them. */
class DeliveryConfigTest {
    @TempDir
    Path dataDir;

    @Test
    void theDefaultsAreThoseOfReferenceConf() {
        DeliveryConfig delivery = ConfigLoader.defaults().delivery();

        assertThat(delivery.concurrency()).isEqualTo(100);
        assertThat(delivery.maxReceivedHeaders()).isEqualTo(50);
        assertThat(delivery.dnsServers()).isEmpty();
        RemoteDeliverySettings remote = delivery.remote();
        assertThat(remote.port()).isEqualTo(25);
        assertThat(remote.tls()).isEqualTo(TlsPolicy.MTA_STS);
        assertThat(remote.maxAddressesPerAttempt()).isEqualTo(5);
        assertThat(remote.destinationConcurrency()).isEqualTo(20);
        assertThat(remote.smarthost()).isEmpty();
        assertThat(remote.transports()).isEmpty();
        assertThat(remote.selfAddresses()).isNotEmpty();
    }

    @Test
    void readsTransportsAndSmarthost() {
        DeliveryConfig delivery = TestServers.config(dataDir, 0, """
            mailserver.delivery {
              dns.servers = ["127.0.0.1:5353", "::1"]
              remote {
                transports = [{ domain = "example.org", host = "10.1.2.3", port = 2525, tls = required }]
                smarthost { host = "relay.example.net", username = "me", password = "secret" }
              }
            }
            """).delivery();

        assertThat(delivery.dnsServers()).extracting(address -> address.getPort()).containsExactly(5353, 53);
        assertThat(delivery.remote().transports()).containsEntry(Domain.of("example.org"),
            new Relay("10.1.2.3", 2525, TlsPolicy.VERIFY, Optional.empty()));
        assertThat(delivery.remote().smarthost()).contains(
            new Relay("relay.example.net", 587, TlsPolicy.VERIFY, Optional.of(new Relay.Credentials("me", "secret"))));
    }

    @Test
    void anEntryWithoutAHostIsATlsPolicyForTheDomainsMxHosts() {
        DeliveryConfig delivery = TestServers.config(dataDir, 0, """
            mailserver.delivery.remote.transports = [
              { domain = "bank.test", tls = verify },
              { domain = "relayed.test", host = "10.1.2.3", tls = encrypt }
            ]
            """).delivery();

        assertThat(delivery.remote().tlsPolicies()).containsExactlyEntriesOf(java.util.Map.of(Domain.of("bank.test"), TlsPolicy.VERIFY));
        assertThat(delivery.remote().transports().get(Domain.of("relayed.test")).tls()).isEqualTo(TlsPolicy.ENCRYPT);
    }

    @Test
    void outboundTlsPolicyDefaultsAndTlsReports() {
        OutboundTlsConfig defaults = ConfigLoader.defaults().delivery().outboundTls();
        assertThat(defaults.stsHttpsPort()).isEqualTo(443);
        assertThat(defaults.trustAnchors()).contains(". IN DS 20326 8 2");
        assertThat(defaults.reports()).isEmpty();

        OutboundTlsConfig reporting = TestServers.config(dataDir, 0, "mailserver.delivery.remote.tls-reports.enabled = true")
            .delivery().outboundTls();
        assertThat(reporting.reports()).hasValueSatisfying(reports -> {
            assertThat(reports.from().asString()).startsWith("postmaster@");
            assertThat(reports.contact()).startsWith("mailto:postmaster@");
        });
    }

    @Test
    void badOutboundTlsSettingsNameTheirKey() {
        assertThatThrownBy(() -> TestServers.config(dataDir, 0, "mailserver.delivery.remote.dane.trust-anchors = [\"not a record\"]"))
            .isInstanceOf(ConfigException.class).hasMessageContaining("mailserver.delivery.remote.dane.trust-anchors");
        assertThatThrownBy(() -> TestServers.config(dataDir, 0,
            "mailserver.delivery.remote.tls-reports { enabled = true, from = \"no at sign\" }"))
            .isInstanceOf(ConfigException.class).hasMessageContaining("mailserver.delivery.remote.tls-reports.from");
        assertThatThrownBy(() -> TestServers.config(dataDir, 0, "mailserver.delivery.remote.tls = dane-please"))
            .isInstanceOf(ConfigException.class).hasMessageContaining("mailserver.delivery.remote.tls").hasMessageContaining("mta-sts, dane");
    }

    @Test
    void mtaStsIsRefusedForARelayHost() {
        assertThatThrownBy(() -> TestServers.config(dataDir, 0,
            "mailserver.delivery.remote.transports = [{ domain = \"a.test\", host = \"10.1.2.3\", tls = mta-sts }]"))
            .isInstanceOf(ConfigException.class).hasMessageContaining("mailserver.delivery.remote.transports").hasMessageContaining("mta-sts");
    }

    @Test
    void aMistakeNamesItsKey() {
        assertThatThrownBy(() -> TestServers.config(dataDir, 0, "mailserver.delivery.remote.tls = sometimes"))
            .isInstanceOf(ConfigException.class).hasMessageContaining("mailserver.delivery.remote.tls");
        assertThatThrownBy(() -> TestServers.config(dataDir, 0,
            "mailserver.delivery.remote.transports = [{ domain = \"a.test\", host = \"h\", prot = 25 }]"))
            .isInstanceOf(ConfigException.class).hasMessageContaining("mailserver.delivery.remote.transports").hasMessageContaining("prot");
        assertThatThrownBy(() -> TestServers.config(dataDir, 0, "mailserver.delivery.dns.servers = [\"dns.example.net\"]"))
            .isInstanceOf(ConfigException.class).hasMessageContaining("mailserver.delivery.dns.servers");
    }
}
