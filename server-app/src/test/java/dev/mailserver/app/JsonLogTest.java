package dev.mailserver.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.typesafe.config.ConfigException;

import dev.mailserver.core.testing.Await;
import dev.mailserver.app.config.ConfigLoader;

/** {@code mailserver.log.format = json}: the server started as an operator starts it writes one JSON object a line. */
class JsonLogTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void deliveryLinesAreJsonObjectsWithTheQueueIdInTheMdc() throws Exception {
        int port = ServerProcess.freePort();
        Path config = TestServers.writeMtaConfigFile(dir, port, "log.format = json");
        Path log = dir.resolve("server.log");
        Process server = ServerProcess.start(config, port, log, dir.resolve("tmp"));
        try {
            MailserverCommand.Result sent = MailserverCommand.runWithConfig(config, "Subject: logged\n\nhello\n", TIMEOUT,
                "sendmail", "postmaster@localhost");
            assertThat(sent.exitCode()).as(sent.output()).isZero();
            Maildirs.awaitNewMessages(dir.resolve("data/mail/localhost/postmaster"), 1, TIMEOUT);
            String delivered = awaitLine(log, "to=<postmaster@localhost>");

            assertThat(delivered).startsWith("{").endsWith("}").contains("\"level\":\"INFO\"", "\"mdc\": {\"queueId\":", "\"formattedMessage\":");
        } finally {
            server.destroy();
            assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(Files.readAllLines(log)).filteredOn(line -> line.contains("\"level\"")).allMatch(line -> line.startsWith("{"));
    }

    @Test
    void anUnknownFormatIsRefusedWithTheChoices() {
        assertThatThrownBy(() -> ConfigLoader.fromString("mailserver.log.format = xml", "test"))
            .isInstanceOf(ConfigException.class).hasMessageContaining("mailserver.log.format").hasMessageContaining("[text, json]");
    }

    private static String awaitLine(Path log, String text) throws Exception {
        List<String> found = Await.value(() -> Files.readAllLines(log).stream().filter(line -> line.contains(text)).toList(),
            lines -> !lines.isEmpty(), TIMEOUT);
        if (!found.isEmpty()) {
            return found.get(0);
        }
        throw new AssertionError("no log line with " + text + " within " + TIMEOUT + ":\n" + Files.readString(log));
    }
}
