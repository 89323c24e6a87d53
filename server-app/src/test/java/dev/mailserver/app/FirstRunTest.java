package dev.mailserver.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.mailserver.smtp.testing.SmtpTestClient;

/** What a new user sees first from {@code mailserver run}: log lines, no JVM warnings and no terminal escapes. */
class FirstRunTest {
    @TempDir
    Path dir;

    @Test
    void theFirstRunPrintsOnlyLogLines() throws Exception {
        int port = ServerProcess.freePort();
        Path config = TestServers.writeConfigFile(dir, """
              hostname = "mx.test"
              smtp.listeners.mta.port = %d
              smtp.listeners.submission.enabled = false
              smtp.listeners.submissions.port = 0
              admin.port = 0
            """.formatted(port));
        Path log = dir.resolve("server.log");
        Process server = ServerProcess.start(config, port, log, dir.resolve("tmp"));
        try {
            try (SmtpTestClient client = SmtpTestClient.greeted(new java.net.InetSocketAddress("127.0.0.1", port))) {
                client.startTls();
            }
        } finally {
            server.destroy();
            assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(output).contains("Mail server ready").doesNotContain("WARNING", "sun.misc.Unsafe", "\u001b[");
    }
}
