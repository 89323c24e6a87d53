package dev.mailserver.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.typesafe.config.ConfigException;

import dev.mailserver.app.config.ConfigLoader;
import dev.mailserver.storage.directory.AddressingRules;
import dev.mailserver.storage.maildir.MailboxPermissions;

/** The {@code mailserver.delivery.local} settings as an administrator writes them. */
class LocalDeliveryConfigTest {
    @TempDir
    Path dataDir;

    @Test
    void plusAddressingIsOnAndThePostmasterIsThatOfTheFirstDomainByDefault() {
        AddressingRules rules = ConfigLoader.defaults().delivery().local().addressing();

        assertThat(rules.recipientDelimiter()).contains("+");
        assertThat(rules.postmaster().asString()).isEqualTo("postmaster@localhost");
        assertThat(ConfigLoader.defaults().delivery().local().tagFolders()).isFalse();
        assertThat(ConfigLoader.defaults().delivery().local().permissions()).isEqualTo(MailboxPermissions.DEFAULT);
    }

    @Test
    void theDelimiterCanBeChangedOrSwitchedOffAndThePostmasterSet() {
        AddressingRules rules = TestServers.config(dataDir, 0, """
            mailserver.domains = ["example.org", "localhost"]
            mailserver.delivery.local { recipient-delimiter = "", postmaster = "hostmaster@example.org" }
            """).delivery().local().addressing();

        assertThat(rules.recipientDelimiter()).isEqualTo(Optional.empty());
        assertThat(rules.postmaster().asString()).isEqualTo("hostmaster@example.org");
    }

    @Test
    void theTransportIsOurMaildirsOrLmtpOverTcpOrAUnixSocket() {
        assertThat(ConfigLoader.defaults().delivery().local().lmtp()).isEmpty();
        assertThat(TestServers.config(dataDir, 0, "mailserver.delivery.local { transport = lmtp, lmtp.port = 2424 }").delivery().local().lmtp())
            .contains(new InetSocketAddress("127.0.0.1", 2424));
        assertThat(TestServers.config(dataDir, 0, "mailserver.delivery.local { transport = lmtp, lmtp.socket = \"/run/dovecot/lmtp\" }")
            .delivery().local().lmtp()).contains(UnixDomainSocketAddress.of("/run/dovecot/lmtp"));
        assertThatThrownBy(() -> TestServers.config(dataDir, 0, "mailserver.delivery.local.transport = dovecot"))
            .isInstanceOf(ConfigException.class).hasMessageContaining("mailserver.delivery.local.transport").hasMessageContaining("maildir, lmtp");
    }

    @Test
    void maildirDeliveriesShareFileSystemSyncsByDefaultOnLinuxOrSyncEachFile() {
        assertThat(TestServers.config(dataDir, 0, "").delivery().local().fileSystemSync()).isTrue();
        assertThat(TestServers.config(dataDir, 0, "mailserver.delivery.local.sync = file-system").delivery().local().fileSystemSync()).isTrue();
        assertThat(TestServers.config(dataDir, 0, "mailserver.delivery.local.sync = file").delivery().local().fileSystemSync()).isFalse();
        assertThatThrownBy(() -> TestServers.config(dataDir, 0, "mailserver.delivery.local.sync = none"))
            .isInstanceOf(ConfigException.class).hasMessageContaining("mailserver.delivery.local.sync").hasMessageContaining("auto, file-system, file");
    }

    @Test
    void badValuesNameTheirKey() {
        assertThatThrownBy(() -> TestServers.config(dataDir, 0, "mailserver.delivery.local.recipient-delimiter = \"@\""))
            .isInstanceOf(ConfigException.class).hasMessageContaining("mailserver.delivery.local.recipient-delimiter");
        assertThatThrownBy(() -> TestServers.config(dataDir, 0, "mailserver.delivery.local.postmaster = \"me@elsewhere.test\""))
            .isInstanceOf(ConfigException.class).hasMessageContaining("mailserver.delivery.local.postmaster")
            .hasMessageContaining("not in one of mailserver.domains");
        assertThatThrownBy(() -> TestServers.config(dataDir, 0, "mailserver.delivery.local.postmaster = \"not an address\""))
            .isInstanceOf(ConfigException.class).hasMessageContaining("mailserver.delivery.local.postmaster");
        assertThatThrownBy(() -> TestServers.config(dataDir, 0, "mailserver.delivery.local.mailbox-owner = \"no-such-user-here\""))
            .isInstanceOf(ConfigException.class).hasMessageContaining("mailserver.delivery.local.mailbox-owner").hasMessageContaining("no such user");
        assertThatThrownBy(() -> TestServers.config(dataDir, 0, "mailserver.delivery.local.mailbox-group = \"no-such-group-here\""))
            .isInstanceOf(ConfigException.class).hasMessageContaining("mailserver.delivery.local.mailbox-group");
        assertThatThrownBy(() -> TestServers.config(dataDir, 0, "mailserver.delivery.local.file-mode = \"0640\""))
            .isInstanceOf(ConfigException.class).hasMessageContaining("mailserver.delivery.local.file-mode");
    }
}
