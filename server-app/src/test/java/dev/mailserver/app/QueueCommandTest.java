package dev.mailserver.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.mailserver.app.config.ConfigLoader;
import dev.mailserver.core.Envelope;
import dev.mailserver.core.MessageContent;
import dev.mailserver.core.QueueId;
import dev.mailserver.core.testing.Await;
import picocli.CommandLine;

/**
 * {@code mailserver queue ...} run as a user runs it, in its own JVM with the server's configuration file,
 * against a running server with mail for remote.test (whose next hop refuses connections) in its queue.
 */
class QueueCommandTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path dir;
    private Path configFile;
    private MailServer server;
    private String queued;

    @BeforeEach
    void startServer() throws Exception {
        configFile = TestServers.writeConfigFile(dir, """
              hostname = "mx.test"
              domains = ["localhost", "example.test"]
              smtp.listeners.mta.port = 0
              smtp.listeners.submission.port = 0
              smtp.listeners.submissions.port = 0
              admin.port = %d
              delivery.remote {
                self-addresses = ["192.0.2.1"]
                transports = [{ domain = "remote.test", host = "127.0.0.1", port = %d, tls = none }]
              }
            """.formatted(ServerProcess.freePort(), ServerProcess.freePort()));
        server = MailServer.create(ConfigLoader.fromFile(configFile));
        server.start();
        QueueId id = QueueId.generate();
        server.queue().enqueue(id, new Envelope(MaybeSender.getMailSender("alice@example.test"), List.of(new MailAddress("bob@remote.test"))),
            MessageContent.ofBytes("Subject: waiting\r\n\r\nhello\r\n".getBytes(StandardCharsets.US_ASCII))).get();
        queued = id.value();
        Await.until(() -> server.queue().find(id).map(mail -> mail.attempts() > 0).orElse(false), TIMEOUT);
    }

    @AfterEach
    void stopServer() throws Exception {
        server.stop();
    }

    private MailserverCommand.Result mailserver(String... arguments) throws Exception {
        return MailserverCommand.run("", TIMEOUT, arguments);
    }

    @Test
    void listShowsTheQueuedMessageLikeMailq() throws Exception {
        MailserverCommand.Result list = mailserver("queue", "list", "--config", configFile.toString());

        assertThat(list.exitCode()).as(list.output()).isZero();
        assertThat(list.output()).contains("-Queue ID-", queued, "deferred", "alice@example.test", "bob@remote.test [pending] (4.", "in 1 message");
    }

    @Test
    void holdPutsTheMessageOnHoldAndReleaseTakesItOff() throws Exception {
        MailserverCommand.Result hold = mailserver("queue", "hold", queued, "--config", configFile.toString());
        assertThat(hold.exitCode()).as(hold.output()).isZero();
        assertThat(hold.output()).contains(queued + ": held", "Held 1 of 1 message");

        MailserverCommand.Result held = mailserver("queue", "list", "--state", "held", "--json", "--config", configFile.toString());
        assertThat(held.exitCode()).as(held.output()).isZero();
        assertThat(held.output()).contains("\"id\":\"" + queued + "\"", "\"state\":\"held\"");

        MailserverCommand.Result release = mailserver("queue", "release", "--state", "held", "--config", configFile.toString());
        assertThat(release.exitCode()).as(release.output()).isZero();
        assertThat(release.output()).contains("Released 1 message");
    }

    @Test
    void mistakesGetExitCodeTwoAndAMessage() throws Exception {
        MailserverCommand.Result badState = mailserver("queue", "list", "--state", "bogus", "--config", configFile.toString());
        assertThat(badState.exitCode()).isEqualTo(2);
        assertThat(badState.output()).contains("bad state 'bogus'");

        MailserverCommand.Result nothingNamed = mailserver("queue", "delete", "--config", configFile.toString());
        assertThat(nothingNamed.exitCode()).isEqualTo(2);
        assertThat(nothingNamed.output()).contains("--all");

        MailserverCommand.Result unknownOption = mailserver("queue", "list", "--colour", "blue");
        assertThat(unknownOption.exitCode()).isEqualTo(2);
        assertThat(unknownOption.output()).contains("Unknown option");
    }

    @Test
    void anUnknownIdOrAServerThatIsNotRunningGetsExitCodeOne() throws Exception {
        MailserverCommand.Result unknown = mailserver("queue", "show", QueueId.generate().value(), "--config", configFile.toString());
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.output()).contains("no message");

        MailserverCommand.Result notRunning = mailserver("queue", "list", "--url", "http://127.0.0.1:" + ServerProcess.freePort(), "--token", "x");
        assertThat(notRunning.exitCode()).isEqualTo(1);
        assertThat(notRunning.output()).contains("is the server running?");
    }

    @Test
    void everyQueueCommandHasHelp() {
        for (String command : List.of("list", "show", "counts", "flush", "hold", "release", "requeue", "delete")) {
            StringWriter help = new StringWriter();
            int exitCode = new CommandLine(new Main()).setOut(new PrintWriter(help)).execute("queue", command, "--help");
            assertThat(exitCode).as(command).isZero();
            assertThat(help.toString()).as(command).contains("Usage: mailserver queue " + command, "--config", "--url", "--token");
        }
    }
}
