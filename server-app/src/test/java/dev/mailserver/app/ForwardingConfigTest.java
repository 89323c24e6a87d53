package dev.mailserver.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;

import org.apache.james.core.Domain;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.typesafe.config.ConfigException;

import dev.mailserver.app.config.ConfigLoader;
import dev.mailserver.app.config.ForwardingConfig;

/** The {@code mailserver.delivery.forwarding} settings as an administrator writes them. */
class ForwardingConfigTest {
    @TempDir
    Path dataDir;

    @Test
    void forwardsGoOutFromSrsAddressesOfTheFirstDomainSealedByDefault() {
        ForwardingConfig defaults = ConfigLoader.defaults().delivery().forwarding();

        assertThat(defaults.srs()).isTrue();
        assertThat(defaults.domain()).isEqualTo(Domain.LOCALHOST);
        assertThat(defaults.srsMaxAge()).isEqualTo(Duration.ofDays(21));
        assertThat(defaults.arcSeal()).isTrue();
        assertThat(TestServers.config(dataDir, 0, "").delivery().forwarding().srsSecretFile()).isEqualTo(dataDir.resolve("srs-secrets"));
    }

    @Test
    void theSenderDomainSecretsAndAgeCanBeSet() {
        ForwardingConfig settings = TestServers.config(dataDir, 0, """
            mailserver.delivery.forwarding { sender = original, domain = "Example.Test", srs { secret-file = "/etc/srs", max-age = 30d }
              arc-seal = false }
            """).delivery().forwarding();

        assertThat(settings).isEqualTo(new ForwardingConfig(false, Domain.of("example.test"), Path.of("/etc/srs"), Duration.ofDays(30), false));
    }

    @Test
    void badValuesNameTheirKey() {
        assertThatThrownBy(() -> TestServers.config(dataDir, 0, "mailserver.delivery.forwarding.sender = rewrite"))
            .isInstanceOf(ConfigException.class).hasMessageContaining("mailserver.delivery.forwarding.sender").hasMessageContaining("srs, original");
        assertThatThrownBy(() -> TestServers.config(dataDir, 0, "mailserver.delivery.forwarding.domain = \"elsewhere.test\""))
            .isInstanceOf(ConfigException.class).hasMessageContaining("mailserver.delivery.forwarding.domain")
            .hasMessageContaining("not one of mailserver.domains");
        assertThatThrownBy(() -> TestServers.config(dataDir, 0, "mailserver.delivery.forwarding.srs.max-age = 36h"))
            .isInstanceOf(ConfigException.class).hasMessageContaining("mailserver.delivery.forwarding.srs.max-age");
        assertThatThrownBy(() -> TestServers.config(dataDir, 0, "mailserver.delivery.forwarding.srs.max-age = 2000d"))
            .isInstanceOf(ConfigException.class).hasMessageContaining("mailserver.delivery.forwarding.srs.max-age");
    }
}
