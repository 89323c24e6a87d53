package dev.mailserver.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.mailserver.smtp.testing.SmtpTestClient;

/**
 * The jar that {@code examples/plugin-template} builds (against the plugin API alone), dropped into a server's
 * plugins directory: it refuses the configured sender domain and stamps its header on what it lets through.
 * Failsafe runs this after the reactor built the template (its path comes in {@code plugin-template.jar}).
 */
class PluginTemplateIT {
    private static final String TEMPLATE_CLASS = "com.example.mailplugin.SenderDomainPlugin";

    @TempDir
    Path dir;
    private MailServer server;

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void theTemplatesJarRefusesABlockedDomainAndStampsItsHeader() throws Exception {
        Path jar = Path.of(System.getProperty("plugin-template.jar", "../examples/plugin-template/target/missing.jar"));
        assertThat(jar).as("the template's jar: build it with mvn -B -pl server-app -am verify").isRegularFile();
        assertThatThrownBy(() -> Class.forName(TEMPLATE_CLASS)).as("the template is not on the test classpath")
            .isInstanceOf(ClassNotFoundException.class);
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        Files.copy(jar, plugins.resolve(jar.getFileName()));

        server = MailServer.create(TestServers.config(dir.resolve("data"), 0, """
            mailserver.plugin-directory = "%s"
            mailserver.plugins.sender-domain { roles = [mta], settings { blocked-domains = ["spam.test"], header = "X-Checked" } }
            """.formatted(plugins.toString().replace("\\", "\\\\"))));
        server.start();
        try (SmtpTestClient client = SmtpTestClient.greeted(server.mtaAddress())) {
            assertThat(client.command("MAIL FROM:<eve@SPAM.test>")).isEqualTo("550 5.7.1 Mail from spam.test is not accepted here");
            assertThat(client.command("RSET")).startsWith("250");
            assertThat(client.sendMessage("bob@remote.test", "alice@example.test", "Subject: templated\r\n\r\nhello\r\n"))
                .startsWith("250");
        }

        List<Path> delivered = Maildirs.awaitNewMessages(dir.resolve("data/mail/example.test/alice"), 1, Duration.ofSeconds(20));
        assertThat(Files.readString(delivered.get(0))).contains("Subject: templated\r\nX-Checked: passed on mta\r\n\r\nhello");
    }
}
