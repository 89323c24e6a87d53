package dev.mailserver.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;

import org.junit.jupiter.api.Test;

import com.typesafe.config.ConfigException;

import dev.mailserver.app.config.AdminConfig;
import dev.mailserver.app.config.ConfigLoader;
import dev.mailserver.app.config.ServerConfig;

class AdminConfigTest {

    @Test
    void byDefaultTheAdminApiListensOnLoopbackWithATokenFromTheDataDirectory() {
        ServerConfig config = ConfigLoader.defaults();

        assertThat(config.admin()).isEqualTo(new AdminConfig(true, new InetSocketAddress("127.0.0.1", 8025), ""));
        assertThat(config.adminTokenFile()).isEqualTo(config.dataDir().resolve("admin-token"));
    }

    @Test
    void aBadPortOrAnUnknownKeyIsRefusedNamingTheKey() {
        assertThatThrownBy(() -> ConfigLoader.fromString("mailserver.admin.port = 70000", "test"))
            .isInstanceOf(ConfigException.class).hasMessageContaining("mailserver.admin.port");
        assertThatThrownBy(() -> ConfigLoader.fromString("mailserver.admin.tokn = \"x\"", "test"))
            .isInstanceOf(ConfigException.class).hasMessageContaining("mailserver.admin.tokn").hasMessageContaining("unknown setting");
    }
}
