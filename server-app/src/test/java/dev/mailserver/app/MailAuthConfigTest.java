package dev.mailserver.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.typesafe.config.ConfigException;

import dev.mailserver.app.config.ConfigLoader;
import dev.mailserver.app.config.MailAuthConfig;

/** The mailserver.mail-auth settings as an administrator writes them. */
class MailAuthConfigTest {
    @TempDir
    Path dataDir;

    @Test
    void theDefaultsRecordOnlyAndSignWhenThereAreKeys() {
        MailAuthConfig defaults = TestServers.config(dataDir, 0, "").mailAuth();

        assertThat(defaults).isEqualTo(new MailAuthConfig(false, "mx.test", false, false, false, Duration.ofSeconds(20), 5,
            true, Duration.ZERO, true, false, "dmarc-reports@mx.test", Duration.ofDays(30)));
        assertThat(ConfigLoader.defaults().mailAuth().inbound()).isFalse();
    }

    @Test
    void readsWhatIsSet() {
        MailAuthConfig set = TestServers.config(dataDir, 0, """
            mailserver.mail-auth {
              inbound { enabled = true, authserv-id = "auth.example.org", reject = true, quarantine = true,
                        defer-on-temporary-error = true, time-limit = 5s, max-dkim-signatures = 2 }
              signing { enabled = false, validity = 7d }
              reports { record = false, send = true, from = "reports@example.org", keep = 10d }
            }
            """).mailAuth();

        assertThat(set).isEqualTo(new MailAuthConfig(true, "auth.example.org", true, true, true, Duration.ofSeconds(5), 2,
            false, Duration.ofDays(7), false, true, "reports@example.org", Duration.ofDays(10)));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "inbound.authserv-id = \"not a host\" | mailserver.mail-auth.inbound.authserv-id",
        "inbound.time-limit = 0s | mailserver.mail-auth.inbound.time-limit",
        "inbound.max-dkim-signatures = 0 | mailserver.mail-auth.inbound.max-dkim-signatures",
        "signing.validity = -1d | mailserver.mail-auth.signing.validity",
        "reports.from = nobody | mailserver.mail-auth.reports.from",
        "reports.keep = 1d | mailserver.mail-auth.reports.keep",
        "inbound.reject = maybe | mail-auth.inbound.reject"})
    void aBadValueNamesItsKey(String setting, String key) {
        assertThatThrownBy(() -> TestServers.config(dataDir, 0, "mailserver.mail-auth." + setting))
            .isInstanceOf(ConfigException.class).hasMessageContaining(key);
    }
}
