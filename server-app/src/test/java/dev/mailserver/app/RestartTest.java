package dev.mailserver.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.mailserver.smtp.testing.SmtpTestClient;

/**
 * A 250 is a promise: mail accepted but not yet delivered is delivered after a restart, also after
 * {@code kill -9}. Delivery is held back by putting a plain file where the Maildir would go, so the
 * messages are still in the spool when the server goes down.
 */
class RestartTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String FAST_RETRY = "mailserver.queue.retry-delays = [1s]";

    @TempDir
    Path dataDir;

    @Test
    void acceptedMailIsDeliveredAfterACleanRestart() throws Exception {
        Path maildir = blockDeliveryToPostmaster(dataDir);
        MailServer first = MailServer.create(TestServers.config(dataDir, 0, FAST_RETRY));
        first.start();
        String reply;
        try (SmtpTestClient client = SmtpTestClient.greeted(first.mtaAddress())) {
            reply = client.sendMessage("bob@remote.test", "postmaster@localhost", "Subject: survives restart\r\n\r\nbody\r\n");
        } finally {
            first.stop();
        }
        assertThat(reply).startsWith("250 2.0.0 Ok: queued as ");

        Files.delete(maildir);
        MailServer second = MailServer.create(TestServers.config(dataDir, 0, FAST_RETRY));
        second.start();
        try {
            List<Path> delivered = Maildirs.awaitNewMessages(maildir, 1, TIMEOUT);
            assertThat(Files.readString(delivered.get(0))).contains("Subject: survives restart");
        } finally {
            second.stop();
        }
    }

    @Test
    void everyMessageThatGot250SurvivesKillDashNine() throws Exception {
        int port = ServerProcess.freePort();
        Path config = dataDir.resolve("server.conf");
        Files.writeString(config, """
            mailserver {
              data-dir = "%s"
              hostname = "mx.test"
              smtp.listeners.mta.port = %d
              smtp.listeners.submission.port = 0
              smtp.listeners.submissions.port = 0
              admin.port = 0
              queue.retry-delays = [1s]
            }
            """.formatted(dataDir.resolve("data"), port));
        Path maildir = blockDeliveryToPostmaster(dataDir.resolve("data"));

        Process server = ServerProcess.start(config, port, dataDir.resolve("first.log"), dataDir.resolve("tmp"));
        List<String> ids = new ArrayList<>();
        try (SmtpTestClient client = SmtpTestClient.greeted(new InetSocketAddress("127.0.0.1", port))) {
            for (int i = 0; i < 5; i++) {
                String reply = client.sendMessage("bob@remote.test", "postmaster@localhost", "Subject: crash test " + i + "\r\n\r\nbody " + i + "\r\n");
                assertThat(reply).startsWith("250 2.0.0 Ok: queued as ");
                ids.add(reply.substring(reply.lastIndexOf(' ') + 1));
            }
        } finally {
            server.destroyForcibly();
            assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(server.exitValue()).isEqualTo(137);

        Files.delete(maildir);
        Process restarted = ServerProcess.start(config, port, dataDir.resolve("second.log"), dataDir.resolve("tmp"));
        try {
            List<Path> delivered = Maildirs.awaitNewMessages(maildir, ids.size(), TIMEOUT);
            StringBuilder all = new StringBuilder();
            for (Path file : delivered) {
                all.append(Files.readString(file, StandardCharsets.ISO_8859_1));
            }
            for (String id : ids) {
                assertThat(all).contains(" id " + id + "\r\n");
            }
        } finally {
            restarted.destroy();
            assertThat(restarted.waitFor(30, TimeUnit.SECONDS)).as("server exits on SIGTERM").isTrue();
        }
        assertThat(Files.readString(dataDir.resolve("second.log"))).contains("Mail server stopped");
    }

    private static Path blockDeliveryToPostmaster(Path dataRoot) throws IOException {
        Path maildir = dataRoot.resolve("mail/localhost/postmaster");
        Files.createDirectories(maildir.getParent());
        Files.writeString(maildir, "not a directory: delivery fails until this file goes");
        return maildir;
    }
}
