package dev.mailserver.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.mailserver.app.config.ConfigLoader;
import dev.mailserver.app.config.ServerConfig;

/** {@code mailserver config check} run as an operator runs it, and the environment overrides it reads. */
class ConfigCheckCommandTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private Path file(String hocon) throws Exception {
        return Files.writeString(dir.resolve("server.conf"), hocon);
    }

    private static MailserverCommand.Result check(Map<String, String> environment, Path config) throws Exception {
        return MailserverCommand.run(environment, "", TIMEOUT, "config", "check", config.toString());
    }

    @Test
    void aGoodFileIsOk() throws Exception {
        Path config = file("mailserver {\n  domains = [\"example.org\"]\n  mailboxes = [\"postmaster@example.org\"]\n}\n");

        MailserverCommand.Result checked = MailserverCommand.run("", TIMEOUT, "config", "check", config.toString());

        assertThat(checked.exitCode()).as(checked.output()).isZero();
        assertThat(checked.output()).isEqualTo("OK: " + config.toAbsolutePath() + "\n");
    }

    @Test
    void aPluginNamedButMissingFailsCheckAndRunWithExitCode2AndOneLine() throws Exception {
        Path config = file("""
            mailserver {
              data-dir = "%s"
              plugin-directory = "%s"
              plugins { missing-plugin { enabled = true } }
              smtp.listeners { mta.port = 0, submission.enabled = false, submissions.enabled = false }
              admin.port = 0
            }
            """.formatted(dir.resolve("data"), dir.resolve("plugins")));

        check(Map.of(), config).assertFailed(2, "mailserver.plugins.missing-plugin", "no plugin named missing-plugin");

        MailserverCommand.Result run = MailserverCommand.run("", TIMEOUT, "run", "--config", config.toString());
        run.assertFailed(2, "mailserver: bad configuration: ", "mailserver.plugins.missing-plugin");
        assertThat(run.output().lines()).noneMatch(line -> line.startsWith("\tat ") || line.contains("Guice"))
            .filteredOn(line -> line.contains("missing-plugin")).hasSize(1);
    }

    @Test
    void anUnknownKeyIsNamedWithItsFileAndLine() throws Exception {
        Path config = file("mailserver {\n  smtp {\n    max-mesage-size = 10MiB\n  }\n}\n");

        MailserverCommand.Result checked = MailserverCommand.run("", TIMEOUT, "config", "check", "--config", config.toString());

        assertThat(checked.exitCode()).isEqualTo(2);
        assertThat(checked.output()).contains("server.conf: 3", "mailserver.smtp.max-mesage-size", "unknown setting");
    }

    @Test
    void aWrongTypeAndAnImpossibleValueAreNamedWithTheirLine() throws Exception {
        check(Map.of(), file("mailserver.smtp.max-recipients = many\n"))
            .assertFailed(2, "server.conf: 1", "max-recipients", "NUMBER");

        check(Map.of(), file("\nmailserver.smtp.listeners.mta.port = 70000\n"))
            .assertFailed(2, "server.conf: 2", "mailserver.smtp.listeners.mta.port", "between 0 and 65535");
    }

    @Test
    void runRefusesToStartWithTheSameMessage() throws Exception {
        Path config = file("mailserver {\n  data-dir = \"%s\"\n  queue.retry-delays = []\n}\n".formatted(dir.resolve("data")));

        MailserverCommand.Result run = MailserverCommand.run("", TIMEOUT, "run", "--config", config.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.output()).contains("mailserver: bad configuration:", "server.conf: 3", "mailserver.queue.retry-delays",
            "at least one delay");
        assertThat(dir.resolve("data")).doesNotExist();
    }

    @Test
    void aMissingFileIsReported() throws Exception {
        MailserverCommand.Result checked = MailserverCommand.run("", TIMEOUT, "config", "check", dir.resolve("nothing.conf").toString());

        assertThat(checked.exitCode()).isEqualTo(2);
        assertThat(checked.output()).contains("nothing.conf does not exist");
    }

    @Test
    void environmentVariablesOverrideTheFileAndAreCheckedTheSameWay() throws Exception {
        Path config = file("mailserver.smtp.max-message-size = 1MiB\n");

        check(Map.of("MAILSERVER_SMTP_MAX__MESSAGE__SIZE", "none"), config)
            .assertFailed(2, "environment variable MAILSERVER_SMTP_MAX__MESSAGE__SIZE", "max-message-size");

        check(Map.of("MAILSERVER_SMTP_COLOUR", "blue"), config)
            .assertFailed(2, "environment variable MAILSERVER_SMTP_COLOUR", "mailserver.smtp.colour", "unknown setting");

        MailserverCommand.Result good = check(Map.of("MAILSERVER_SMTP_LISTENERS_MTA_PORT", "25"), config);
        assertThat(good.exitCode()).as(good.output()).isZero();
        assertThat(good.output()).startsWith("OK: " + config.toAbsolutePath() + " and environment variables MAILSERVER_*");
    }

    @Test
    void anEnvironmentVariableWinsOverTheFile() throws Exception {
        Path config = file("mailserver { smtp.max-message-size = 1MiB, domains = [\"example.org\"], mailboxes = [] }\n");

        ServerConfig loaded = ConfigLoader.fromFileAndEnvironment(Optional.of(config), Map.of(
            "MAILSERVER_SMTP_MAX__MESSAGE__SIZE", "2MiB",
            "MAILSERVER_DOMAINS", "[\"example.net\", \"example.com\"]",
            "MAILSERVER_SMTP_LISTENERS_MTA_PORT", "25",
            "PATH", "/usr/bin"));

        assertThat(loaded.sessionLimits().maxMessageSize()).isEqualTo(2L * 1024 * 1024);
        assertThat(loaded.domains()).extracting(domain -> domain.asString()).containsExactly("example.net", "example.com");
        assertThat(loaded.listeners().stream().filter(listener -> listener.name().equals("mta")).findFirst().orElseThrow().address().getPort())
            .isEqualTo(25);
    }
}
