package dev.mailserver.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.mailserver.core.testing.Await;
import dev.mailserver.app.config.ConfigLoader;
import dev.mailserver.core.QueueId;
import dev.mailserver.smtp.testing.Undeletable;

/** {@code mailserver sendmail} run as cron and other programs run it: a subprocess with the message on standard input. */
class SendmailCommandTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path dir;
    private Path configFile;
    private MailServer server;

    @BeforeEach
    void writeConfig() throws Exception {
        configFile = TestServers.writeConfigFile(dir, """
              hostname = "mx.test"
              domains = ["localhost", "example.test"]
              mailboxes = ["postmaster@localhost", "alice@example.test", "bob@example.test"]
              smtp.listeners.mta.port = 0
              smtp.listeners.submission.enabled = false
              smtp.listeners.submissions.enabled = false
              delivery.dns { servers = ["127.0.0.1:9"], timeout = 1s }
              smtp.max-message-size = 10KiB
            """);
    }

    private void startServer() throws Exception {
        server = MailServer.create(ConfigLoader.fromFile(configFile));
        server.start();
    }

    @AfterEach
    void stopServer() throws Exception {
        if (server != null) {
            server.stop();
        }
    }

    /** The server makes the maildrop when it starts; sendmail needs it. */
    private void serverHasRunOnce() throws Exception {
        startServer();
        server.stop();
        server = null;
    }

    private MailserverCommand.Result sendmail(String message, String... arguments) throws Exception {
        String[] command = new String[arguments.length + 1];
        command[0] = "sendmail";
        System.arraycopy(arguments, 0, command, 1, arguments.length);
        return MailserverCommand.runWithConfig(configFile, message, TIMEOUT, command);
    }

    private String delivered(String domain, String local) throws Exception {
        Path file = Maildirs.awaitNewMessages(dir.resolve("data/mail").resolve(domain).resolve(local), 1, TIMEOUT).get(0);
        return Files.readString(file, StandardCharsets.ISO_8859_1);
    }

    @Test
    void withDashTTheRecipientsOfTheHeaderGetTheMessageAndBccIsRemoved() throws Exception {
        startServer();

        MailserverCommand.Result sent = sendmail("""
            To: Alice <alice@example.test>
            Cc: postmaster@localhost,
              "Bob" <bob@example.test>
            Bcc: bob@example.test
            Subject: nightly report

            all is well
            .
            this is after the end
            """, "-t", "-f", "cron@example.test");

        assertThat(sent.exitCode()).as(sent.output()).isZero();
        assertThat(sent.output()).isEmpty();
        String toAlice = delivered("example.test", "alice");
        assertThat(toAlice).contains("Received: by mx.test (mailserver sendmail", "Subject: nightly report\r\n", "Date: ", "Message-ID: <",
                "From: cron@example.test\r\n", "Cc: postmaster@localhost,\r\n  \"Bob\" <bob@example.test>\r\n", "\r\n\r\nall is well\r\n")
            .doesNotContain("Bcc:", "after the end");
        assertThat(delivered("localhost", "postmaster")).contains("Subject: nightly report");
        assertThat(delivered("example.test", "bob")).contains("Subject: nightly report");
        assertThat(dir.resolve("data/maildrop")).isEmptyDirectory();
    }

    @Test
    void mailSentWhileTheServerIsDownIsDeliveredOnceItRuns() throws Exception {
        serverHasRunOnce();
        MailserverCommand.Result first = sendmail("Subject: queued meanwhile\n\nline one\n.\nline three\n", "-i", "postmaster@localhost");
        assertThat(first.exitCode()).as(first.output()).isZero();
        MailserverCommand.Result second = sendmail("Subject: second\n\nhello\n", "-oi", "alice@example.test");
        assertThat(second.exitCode()).as(second.output()).isZero();

        startServer();

        assertThat(delivered("localhost", "postmaster")).contains("From: ", "Subject: queued meanwhile\r\n",
            "\r\n\r\nline one\r\n.\r\nline three\r\n");
        assertThat(delivered("example.test", "alice")).contains("Subject: second\r\n");
    }

    @Test
    void mailForAnotherDomainIsQueuedForRemoteDelivery() throws Exception {
        startServer();

        MailserverCommand.Result sent = sendmail("Subject: away\n\nhello\n", "bob@remote.test");

        assertThat(sent.exitCode()).as(sent.output()).isZero();
        assertThat(Await.value(() -> server.queue().size(), size -> size > 0, TIMEOUT)).isEqualTo(1);
        assertThat(dir.resolve("data/maildrop")).isEmptyDirectory();
    }

    @Test
    void cronsInvocationIsAccepted() throws Exception {
        startServer();

        MailserverCommand.Result sent = sendmail("Subject: Cron <root@host> run-parts\n\noutput\n", "-i", "-FCronDaemon", "-B8BITMIME",
            "-oem", "-f", "root@localhost", "postmaster@localhost");

        assertThat(sent.exitCode()).as(sent.output()).isZero();
        assertThat(delivered("localhost", "postmaster")).contains("From: \"CronDaemon\" <root@localhost>\r\n", "\r\n\r\noutput\r\n");
    }

    @Test
    void aMessageOverTheSizeLimitIsRefusedAndLeavesNothing() throws Exception {
        serverHasRunOnce();
        MailserverCommand.Result sent = sendmail("Subject: big\n\n" + "0123456789\n".repeat(1000), "postmaster@localhost");

        assertThat(sent.exitCode()).isEqualTo(2);
        assertThat(sent.output()).contains("larger than mailserver.smtp.max-message-size (10240 bytes)");
        assertThat(dir.resolve("data/maildrop")).isEmptyDirectory();
    }

    @Test
    void aMessageWithoutRecipientsIsRefused() throws Exception {
        MailserverCommand.Result sent = sendmail("Subject: to nobody\n\nhello\n", "-t");

        assertThat(sent.exitCode()).isEqualTo(2);
        assertThat(sent.output()).contains("no recipients");
        assertThat(dir.resolve("data/maildrop")).doesNotExist();
    }

    @Test
    void theServerMakesTheMaildropWritableForEveryoneButListableOnlyByItself() throws Exception {
        startServer();

        assertThat(Integer.toOctalString((Integer) Files.getAttribute(dir.resolve("data/maildrop"), "unix:mode") & 07777)).isEqualTo("1733");
    }

    @Test
    void withoutAMaildropMadeByTheServerSendmailSaysSoAndExits75() throws Exception {
        MailserverCommand.Result missing = sendmail("Subject: early\n\nhello\n", "postmaster@localhost");

        missing.assertFailed(75, "maildrop", "does not exist", "not sent");
        assertThat(dir.resolve("data/maildrop")).doesNotExist();

        Files.createDirectories(dir.resolve("data/maildrop"));
        MailserverCommand.Result wrongMode = sendmail("Subject: early\n\nhello\n", "postmaster@localhost");

        wrongMode.assertFailed(75, "mode 755", "not sent");
        assertThat(dir.resolve("data/maildrop")).isEmptyDirectory();
    }

    @Test
    void aFileTheServerCannotTakeIsNeverQueuedAndIsQueuedOnceWhenItCan() throws Exception {
        serverHasRunOnce();
        assertThat(sendmail("Subject: once\n\nhello\n", "postmaster@localhost").exitCode()).isZero();
        Path maildrop = dir.resolve("data/maildrop");

        try (Undeletable ignored = Undeletable.entriesOf(maildrop)) {
            startServer();
            Thread.sleep(3000);
            assertThat(server.queue().size()).isZero();
        }

        assertThat(delivered("localhost", "postmaster")).contains("Subject: once");
        Thread.sleep(3000);
        assertThat(Maildirs.newMessages(dir.resolve("data/mail/localhost/postmaster"))).hasSize(1);
        assertThat(maildrop).isEmptyDirectory();
    }

    @Test
    void aFileThatCannotBeReadStaysAndIsNotCalledBad() throws Exception {
        startServer();
        Path unreadable = dir.resolve("data/maildrop").resolve(QueueId.generate().value() + ".mail");
        Files.createDirectory(unreadable);

        Thread.sleep(3000);

        try (Stream<Path> files = Files.list(dir.resolve("data/maildrop"))) {
            assertThat(files).containsExactly(unreadable);
        }
    }

    @Test
    void theDefaultSenderIsInALocalDomainSoThatBouncesArrive() throws Exception {
        startServer();

        assertThat(sendmail("Subject: who\n\nhello\n", "postmaster@localhost").exitCode()).isZero();

        assertThat(delivered("localhost", "postmaster"))
            .contains("From: " + System.getProperty("user.name") + "@localhost\r\n");
    }
}
