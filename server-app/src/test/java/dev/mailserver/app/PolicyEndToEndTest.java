package dev.mailserver.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.typesafe.config.ConfigException;

import dev.mailserver.smtp.testing.SmtpTestClient;

/** The built-in policy checks switched on by configuration, in the whole server. */
class PolicyEndToEndTest {
    @TempDir
    Path dataDir;

    @Test
    void enabledChecksRunOnTheListenersOfTheirRolesAndOthersDoNot() throws Exception {
        MailServer server = MailServer.create(TestServers.config(dataDir, 0, """
            mailserver.policy {
              helo.enabled = true
              greylisting { enabled = true, delay = 1h }
            }
            """));
        server.start();
        try (SmtpTestClient client = new SmtpTestClient(server.mtaAddress())) {
            client.expect("220");
            assertThat(client.command("EHLO localhost")).startsWith("504 5.5.2");
            assertThat(client.command("EHLO client.example.test")).startsWith("250");
            client.command("MAIL FROM:<bob@remote.test>");
            assertThat(client.command("RCPT TO:<alice@example.test>")).startsWith("451 4.7.1 Greylisted");
        } finally {
            server.stop();
        }
        assertThat(dataDir.resolve("greylist")).isDirectory();
    }

    @Test
    void aBadPolicySettingNamesItsKey() {
        assertThatThrownBy(() -> TestServers.config(dataDir, 0, "mailserver.policy.dnsbl { enabled = true, roles = [relay] }"))
            .isInstanceOf(ConfigException.class).hasMessageContaining("mailserver.policy.dnsbl.roles").hasMessageContaining("relay");
        assertThatThrownBy(() -> TestServers.config(dataDir, 0, "mailserver.policy.greylisting.delay = 0s"))
            .isInstanceOf(ConfigException.class).hasMessageContaining("mailserver.policy.greylisting.delay");
    }
}
