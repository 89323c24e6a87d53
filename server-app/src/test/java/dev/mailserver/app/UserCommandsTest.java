package dev.mailserver.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.mailserver.app.config.ConfigLoader;

/** {@code mailserver user passwd|list|remove} run as subprocesses while the server runs, seen by its listeners at once. */
class UserCommandsTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String USER = "alice@example.test";
    private static final String LOGIN = """
        import smtplib, ssl, sys
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        client = smtplib.SMTP('127.0.0.1', int(sys.argv[1]), timeout=15)
        client.starttls(context=context)
        try:
            client.login(sys.argv[2], sys.argv[3])
            print('logged in')
        except smtplib.SMTPAuthenticationError as e:
            print('refused', e.smtp_code)
        """;
    private static final String RCPT = """
        import smtplib, sys
        client = smtplib.SMTP('127.0.0.1', int(sys.argv[1]), timeout=15)
        client.ehlo('client.test')
        client.mail('someone@remote.test')
        print('rcpt', client.rcpt(sys.argv[2])[0])
        """;

    @TempDir
    Path dir;
    private Path configFile;
    private MailServer server;

    @BeforeEach
    void startServer() throws Exception {
        configFile = TestServers.writeConfigFile(dir, """
              domains = ["localhost", "example.test"]
              smtp.listeners.mta.port = 0
              smtp.listeners.submission.port = 0
              smtp.listeners.submissions.enabled = false
            """);
        server = MailServer.create(ConfigLoader.fromFile(configFile));
        server.start();
    }

    @AfterEach
    void stopServer() throws Exception {
        server.stop();
    }

    private MailserverCommand.Result mailserver(String stdin, String... arguments) throws Exception {
        return MailserverCommand.runWithConfig(configFile, stdin, TIMEOUT, arguments);
    }

    private String login(String password) throws Exception {
        return Python.run(LOGIN, server.listenerAddress("submission").getPort(), USER, password).output();
    }

    @Test
    void aChangedPasswordIsTheOnlyOneAcceptedWithinAMoment() throws Exception {
        assertThat(mailserver("", "user", "add", USER, "--password", "first pass").exitCode()).isZero();
        TestServers.letTheServerSeeDirectoryChanges();
        assertThat(login("first pass")).contains("logged in");

        MailserverCommand.Result changed = mailserver("second pass\n", "user", "passwd", USER);

        assertThat(changed.exitCode()).as(changed.output()).isZero();
        assertThat(changed.output()).contains("Changed the password of " + USER);
        TestServers.letTheServerSeeDirectoryChanges();
        assertThat(login("second pass")).contains("logged in");
        assertThat(login("first pass")).contains("refused 535");
    }

    @Test
    void usersAreListedOneAddressALine() throws Exception {
        assertThat(mailserver("pw\n", "user", "add", "zoe@example.test").exitCode()).isZero();
        assertThat(mailserver("pw\n", "user", "add", "Bob@localhost").exitCode()).isZero();

        MailserverCommand.Result listed = mailserver("", "user", "list");

        assertThat(listed.exitCode()).isZero();
        assertThat(listed.output()).isEqualTo("bob@localhost\nzoe@example.test\n");
    }

    @Test
    void aRemovedUserNeitherLogsInNorReceivesMail() throws Exception {
        assertThat(mailserver("pw\n", "user", "add", USER).exitCode()).isZero();
        TestServers.letTheServerSeeDirectoryChanges();
        int mta = server.mtaAddress().getPort();
        assertThat(Python.run(RCPT, mta, USER).output()).contains("rcpt 250");

        MailserverCommand.Result removed = mailserver("", "user", "remove", USER);

        assertThat(removed.exitCode()).as(removed.output()).isZero();
        TestServers.letTheServerSeeDirectoryChanges();
        assertThat(login("pw")).contains("refused 535");
        assertThat(Python.run(RCPT, mta, USER).output()).contains("rcpt 550");
        assertThat(mailserver("", "user", "list").output()).isEmpty();
    }

    @Test
    void mistakesEndWithAMessageAndTheirExitCode() throws Exception {
        MailserverCommand.Result unknown = mailserver("", "user", "remove", "nobody@example.test");
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.output()).isEqualTo("mailserver: no user nobody@example.test\n");

        mailserver("", "user", "passwd", USER).assertFailed(2, "no password given");

        mailserver("", "user", "remove", "not an address").assertFailed(2, "'not an address' is not a mail address");

        mailserver("pw\n", "user", "add", "bob@elsewhere.test").assertFailed(2, "elsewhere.test is not one of this server's domains");

        MailserverCommand.Result noSubcommand = mailserver("", "user");
        assertThat(noSubcommand.exitCode()).isEqualTo(2);
    }
}
