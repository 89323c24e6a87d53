package dev.mailserver.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import org.junit.jupiter.api.Test;

import com.typesafe.config.ConfigException;

import dev.mailserver.app.config.ConfigLoader;
import dev.mailserver.app.config.ListenerConfig;
import dev.mailserver.app.config.ServerConfig;
import dev.mailserver.smtp.ListenerRole;
import dev.mailserver.smtp.TlsMode;

/** The listeners and TLS files of the configuration, and the errors that name the bad key. */
class ListenerConfigTest {

    @Test
    void theEmbeddedDefaultsHaveTheThreeListeners() {
        assertThat(ConfigLoader.defaults().listeners()).extracting(ListenerConfig::name, ListenerConfig::role, ListenerConfig::tls,
                listener -> listener.address().getPort())
            .containsExactly(
                tuple("mta", ListenerRole.MTA, TlsMode.STARTTLS, 2525),
                tuple("submission", ListenerRole.SUBMISSION, TlsMode.STARTTLS, 2587),
                tuple("submissions", ListenerRole.SUBMISSION, TlsMode.IMPLICIT, 2465));
    }

    @Test
    void aListenerCanBeChangedSwitchedOffAndAdded() {
        ServerConfig config = ConfigLoader.fromString("""
            mailserver.smtp.listeners {
              mta.port = 25
              submissions.enabled = false
              internal { role = mta, address = "127.0.0.2", port = 10025, tls = none }
            }
            """, "test");

        assertThat(config.listeners()).extracting(ListenerConfig::name).containsExactly("internal", "mta", "submission");
        assertThat(config.listeners().get(1).address().getPort()).isEqualTo(25);
    }

    @Test
    void submissionWithoutTlsIsRefusedNamingTheKey() {
        assertThatThrownBy(() -> ConfigLoader.fromString("mailserver.smtp.listeners.submission.tls = none", "test"))
            .isInstanceOf(ConfigException.class)
            .hasMessageContaining("mailserver.smtp.listeners.submission.tls").hasMessageContaining("AUTH is only accepted over TLS");
    }

    @Test
    void trustedNetworksAreLoopbackByDefaultCanBeSwitchedOffAndABadOneIsNamed() throws Exception {
        assertThat(ConfigLoader.fromString("", "test").trustedNetworks().contains(java.net.InetAddress.getByName("127.0.0.1"))).isTrue();
        assertThat(ConfigLoader.fromString("", "test").trustedNetworks().contains(java.net.InetAddress.getByName("::1"))).isTrue();
        assertThat(ConfigLoader.fromString("mailserver.smtp.trusted-networks = []", "test").trustedNetworks()
            .contains(java.net.InetAddress.getByName("127.0.0.1"))).isFalse();
        assertThatThrownBy(() -> ConfigLoader.fromString("mailserver.smtp.trusted-networks = [\"10.0.0.0/40\"]", "test"))
            .isInstanceOf(ConfigException.class)
            .hasMessageContaining("mailserver.smtp.trusted-networks").hasMessageContaining("10.0.0.0/40");
    }

    @Test
    void theTransactionLimitDefaultsToOneThousandCanBeChangedAndABadOneIsNamed() {
        assertThat(ConfigLoader.fromString("", "test").sessionLimits().maxTransactions()).isEqualTo(1000);
        assertThat(ConfigLoader.fromString("mailserver.smtp.max-transactions = 7", "test").sessionLimits().maxTransactions()).isEqualTo(7);
        assertThatThrownBy(() -> ConfigLoader.fromString("mailserver.smtp.max-transactions = 0", "test"))
            .isInstanceOf(ConfigException.class)
            .hasMessageContaining("mailserver.smtp.max-transactions").hasMessageContaining("must be positive");
        assertThatThrownBy(() -> ConfigLoader.fromString("mailserver.smtp.max-transactions = lots", "test"))
            .isInstanceOf(ConfigException.class).hasMessageContaining("max-transactions");
    }

    @Test
    void theSpoolMemoryDefaultsTo64MiBCanBeChangedAndTooLittleIsNamed() {
        assertThat(ConfigLoader.fromString("", "test").queue().memoryBytes()).isEqualTo(64L << 20);
        assertThat(ConfigLoader.fromString("mailserver.queue.memory = 256MiB", "test").queue().memoryBytes()).isEqualTo(256L << 20);
        assertThatThrownBy(() -> ConfigLoader.fromString("mailserver.queue.memory = 1MiB", "test"))
            .isInstanceOf(ConfigException.class)
            .hasMessageContaining("mailserver.queue.memory").hasMessageContaining("at least 16MiB");
    }

    @Test
    void tlsCipherSuitesAreAeadByDefaultAndAnUnknownOneIsNamed() {
        assertThat(ConfigLoader.fromString("", "test").tlsCipherSuites()).isNotEmpty().allMatch(suite -> suite.contains("_GCM_") || suite.contains("CHACHA20"));
        assertThatThrownBy(() -> ConfigLoader.fromString("mailserver.smtp.tls.cipher-suites = [\"TLS_NO_SUCH_SUITE\"]", "test"))
            .isInstanceOf(ConfigException.class)
            .hasMessageContaining("mailserver.smtp.tls.cipher-suites").hasMessageContaining("TLS_NO_SUCH_SUITE");
    }

    @Test
    void anUnknownRoleIsRefusedWithTheChoices() {
        assertThatThrownBy(() -> ConfigLoader.fromString("mailserver.smtp.listeners.mta.role = relay", "test"))
            .isInstanceOf(ConfigException.class)
            .hasMessageContaining("mailserver.smtp.listeners.mta.role").hasMessageContaining("[mta, submission]");
    }

    @Test
    void anUnknownListenerSettingIsRefused() {
        assertThatThrownBy(() -> ConfigLoader.fromString("mailserver.smtp.listeners.extra.colour = blue", "test"))
            .isInstanceOf(ConfigException.class).hasMessageContaining("smtp.listeners.extra.colour").hasMessageContaining("unknown setting");
    }

    @Test
    void aNewListenerMissingASettingIsRefusedNamingIt() {
        assertThatThrownBy(() -> ConfigLoader.fromString("mailserver.smtp.listeners.extra { role = mta, port = 26 }", "test"))
            .isInstanceOf(ConfigException.class).hasMessageContaining("smtp.listeners.extra");
    }

    @Test
    void aCertificateWithoutItsKeyIsRefused() {
        assertThatThrownBy(() -> ConfigLoader.fromString("mailserver.smtp.tls.certificate-file = \"/etc/cert.pem\"", "test"))
            .isInstanceOf(ConfigException.class)
            .hasMessageContaining("smtp.tls.key-file").hasMessageContaining("or neither");
    }
}
