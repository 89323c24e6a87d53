package dev.mailserver.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.typesafe.config.ConfigException;

import dev.mailserver.app.config.ConfigLoader;
import dev.mailserver.app.config.PostgresQueueConfig;

/** mailserver.queue.backend and mailserver.queue.postgresql as an administrator writes them. */
class QueueBackendConfigTest {
    @TempDir
    Path dataDir;

    @Test
    void theDefaultIsTheRocksDbSpool() {
        assertThat(ConfigLoader.defaults().postgresQueue()).isEmpty();
    }

    @Test
    void postgresqlReadsItsConnectionSettings() {
        PostgresQueueConfig postgres = TestServers.config(dataDir, 0, """
            mailserver.queue {
              backend = postgresql
              postgresql { url = "jdbc:postgresql://db.example.org:5432/mail", user = mail, password = "s3cret", pool-size = 20 }
            }
            """).postgresQueue().orElseThrow();

        assertThat(postgres).isEqualTo(new PostgresQueueConfig("jdbc:postgresql://db.example.org:5432/mail", "mail", "s3cret", 20));
        assertThat(postgres.toString()).doesNotContain("s3cret");
    }

    @Test
    void theNodeIsNamedByTheHostnameUnlessSet() {
        assertThat(TestServers.config(dataDir, 0, "mailserver.hostname = mx1.example.org").node()).isEqualTo("mx1.example.org");
        assertThat(TestServers.config(dataDir, 0, "mailserver { hostname = mx1.example.org, node = \"mx1:2\" }").node())
            .isEqualTo("mx1:2");
    }

    @Test
    void aBadNodeNameIsRefusedNamingTheKey() {
        for (String bad : new String[] {"\"node a\"", "\"-node\"", "\"n\\\"x\"", "\"" + "n".repeat(254) + "\""}) {
            assertThatThrownBy(() -> TestServers.config(dataDir, 0, "mailserver.node = " + bad))
                .isInstanceOf(ConfigException.class).hasMessageContaining("mailserver.node");
        }
    }

    @Test
    void anUnknownBackendIsRefusedNamingTheKey() {
        assertThatThrownBy(() -> TestServers.config(dataDir, 0, "mailserver.queue.backend = cassandra"))
            .isInstanceOf(ConfigException.class)
            .hasMessageContaining("mailserver.queue.backend").hasMessageContaining("rocksdb, postgresql");
    }

    @Test
    void postgresqlWithoutAUrlOrUserIsRefusedNamingTheKey() {
        assertThatThrownBy(() -> TestServers.config(dataDir, 0, "mailserver.queue.backend = postgresql"))
            .isInstanceOf(ConfigException.class).hasMessageContaining("mailserver.queue.postgresql.url");
        assertThatThrownBy(() -> TestServers.config(dataDir, 0, """
            mailserver.queue { backend = postgresql, postgresql.url = "jdbc:postgresql://127.0.0.1/mail" }
            """)).isInstanceOf(ConfigException.class).hasMessageContaining("mailserver.queue.postgresql.user");
        assertThatThrownBy(() -> TestServers.config(dataDir, 0, """
            mailserver.queue { backend = postgresql, postgresql { url = "jdbc:postgresql://127.0.0.1/mail", user = m, pool-size = 1 } }
            """)).isInstanceOf(ConfigException.class).hasMessageContaining("mailserver.queue.postgresql.pool-size");
    }

    @Test
    void aDatabaseThatCannotBeReachedStopsTheStartNamingTheSetting() throws Exception {
        int closedPort = ServerProcess.freePort();

        assertThatThrownBy(() -> MailServer.create(TestServers.config(dataDir, 0, """
            mailserver.queue { backend = postgresql, postgresql { url = "jdbc:postgresql://127.0.0.1:%d/mail", user = mail } }
            """.formatted(closedPort)))).hasStackTraceContaining("mailserver.queue.postgresql")
            .hasStackTraceContaining("127.0.0.1:" + closedPort);
    }
}
