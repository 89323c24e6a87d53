package dev.mailserver.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mailserver config check} run as an operator runs it, and the environment overrides it reads. */
class ConfigCheckCommandTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private Path file(String hocon) throws Exception {
        return Files.writeString(dir.resolve("server.conf"), hocon);
    }

    @Test
    void aGoodFileIsOk() throws Exception {
        Path config = file("mailserver {\n  domains = [\"example.org\"]\n  mailboxes = [\"postmaster@example.org\"]\n}\n");

        MailserverCommand.Result checked = MailserverCommand.run("", TIMEOUT, "config", "check", config.toString());

        assertThat(checked.exitCode()).as(checked.output()).isZero();
        assertThat(checked.output()).isEqualTo("OK: " + config.toAbsolutePath() + "\n");
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
        MailserverCommand.Result wrongType = MailserverCommand.run("", TIMEOUT, "config", "check",
            file("mailserver.smtp.max-recipients = many\n").toString());
        assertThat(wrongType.exitCode()).isEqualTo(2);
        assertThat(wrongType.output()).contains("server.conf: 1", "max-recipients", "NUMBER");

        MailserverCommand.Result impossible = MailserverCommand.run("", TIMEOUT, "config", "check",
            file("\nmailserver.smtp.listeners.mta.port = 70000\n").toString());
        assertThat(impossible.exitCode()).isEqualTo(2);
        assertThat(impossible.output()).contains("server.conf: 2", "mailserver.smtp.listeners.mta.port", "between 0 and 65535");
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

        MailserverCommand.Result overridden = MailserverCommand.run(Map.of("MAILSERVER_SMTP_MAX__MESSAGE__SIZE", "none"), "", TIMEOUT,
            "config", "check", config.toString());
        assertThat(overridden.exitCode()).isEqualTo(2);
        assertThat(overridden.output()).contains("environment variable MAILSERVER_SMTP_MAX__MESSAGE__SIZE", "max-message-size");

        MailserverCommand.Result unknown = MailserverCommand.run(Map.of("MAILSERVER_SMTP_COLOUR", "blue"), "", TIMEOUT,
            "config", "check", config.toString());
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.output()).contains("environment variable MAILSERVER_SMTP_COLOUR", "mailserver.smtp.colour", "unknown setting");

        MailserverCommand.Result good = MailserverCommand.run(Map.of("MAILSERVER_SMTP_LISTENERS_MTA_PORT", "25"), "", TIMEOUT,
            "config", "check", config.toString());
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
