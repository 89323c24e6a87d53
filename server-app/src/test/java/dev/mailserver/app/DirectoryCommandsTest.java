package dev.mailserver.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.mailserver.app.config.ConfigLoader;
import dev.mailserver.core.testing.Await;

/**
 * {@code mailserver domain ...} and {@code mailserver alias ...} run as subprocesses while the server runs, which
 * obeys them within a moment (it looks at the files every 250 ms, off the SMTP IO threads).
 */
class DirectoryCommandsTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String SEND = """
        import smtplib, sys
        client = smtplib.SMTP('127.0.0.1', int(sys.argv[1]), timeout=15)
        client.ehlo('client.test')
        client.mail('someone@remote.test')
        code, reply = client.rcpt(sys.argv[2])
        print('rcpt', code, reply.decode())
        if code == 250 and sys.argv[3:] != ['rcpt-only']:
            print('data', client.data(b'Subject: to ' + sys.argv[2].encode() + b'\\r\\n\\r\\nhello\\r\\n')[0])
        client.quit()
        """;

    @TempDir
    Path dir;
    private Path configFile;
    private MailServer server;

    @BeforeEach
    void startServer() throws Exception {
        configFile = TestServers.writeConfigFile(dir, """
              domains = ["localhost", "example.test"]
              mailboxes = ["postmaster@localhost", "alice@example.test"]
              smtp.listeners.mta.port = 0
              smtp.listeners.submission.enabled = false
              smtp.listeners.submissions.enabled = false
              admin.port = 0
            """);
        server = MailServer.create(ConfigLoader.fromFile(configFile));
        server.start();
    }

    @AfterEach
    void stopServer() throws Exception {
        server.stop();
    }

    private MailserverCommand.Result mailserver(String... arguments) throws Exception {
        return MailserverCommand.runWithConfig(configFile, "pw\n", TIMEOUT, arguments);
    }

    private String send(String recipient) throws Exception {
        return Python.run(SEND, server.mtaAddress().getPort(), recipient).output();
    }

    /** Asks RCPT (without sending) until the server answers as expected, that is until it has seen a change. */
    private void awaitRcpt(String recipient, String expected) throws Exception {
        String reply = Await.value(() -> Python.run(SEND, server.mtaAddress().getPort(), recipient, "rcpt-only").output(),
            output -> output.contains(expected), TIMEOUT);
        assertThat(reply).contains(expected);
    }

    private Path maildir(String domain, String local) {
        return dir.resolve("data/mail").resolve(domain).resolve(local);
    }

    @Test
    void mailForAnAliasAddedWhileTheServerRunsLandsInEachTargetsMaildir() throws Exception {
        assertThat(send("team@example.test")).contains("rcpt 550");

        MailserverCommand.Result added = mailserver("alias", "add", "Team@example.test", "alice@example.test", "postmaster@localhost");
        assertThat(added.exitCode()).as(added.output()).isZero();

        awaitRcpt("team@example.test", "rcpt 250");
        assertThat(send("team@example.test")).contains("rcpt 250", "data 250");
        Path toAlice = Maildirs.awaitNewMessages(maildir("example.test", "alice"), 1, TIMEOUT).get(0);
        assertThat(Files.readString(toAlice, StandardCharsets.ISO_8859_1)).contains("Subject: to team@example.test");
        assertThat(Maildirs.awaitNewMessages(maildir("localhost", "postmaster"), 1, TIMEOUT)).hasSize(1);
        assertThat(maildir("example.test", "team")).doesNotExist();
        assertThat(mailserver("alias", "list").output()).isEqualTo("team@example.test: alice@example.test, postmaster@localhost\n");

        assertThat(mailserver("alias", "remove", "team@example.test").exitCode()).isZero();
        awaitRcpt("team@example.test", "rcpt 550");
        assertThat(mailserver("alias", "list").output()).isEmpty();
    }

    @Test
    void catchAllDomainAliasPlusAddressingAndPostmasterAtRcptAndInTheMaildir() throws Exception {
        assertThat(send("anything@example.test")).contains("rcpt 550");
        assertThat(send("alice@alias.test")).contains("rcpt 550 5.7.1");

        assertThat(mailserver("alias", "add", "@Example.test", "postmaster@localhost").exitCode()).isZero();
        MailserverCommand.Result added = mailserver("domain", "alias", "add", "Alias.Test", "example.test");
        assertThat(added.exitCode()).as(added.output()).isZero();
        assertThat(mailserver("domain", "alias", "list").output()).isEqualTo("alias.test: example.test\n");
        assertThat(mailserver("alias", "list").output()).isEqualTo("@example.test: postmaster@localhost\n");

        awaitRcpt("alice+lists@alias.test", "rcpt 250");
        awaitRcpt("anything@example.test", "rcpt 250");
        assertThat(send("alice+lists@alias.test")).contains("rcpt 250", "data 250");
        assertThat(Files.readString(Maildirs.awaitNewMessages(maildir("example.test", "alice"), 1, TIMEOUT).get(0), StandardCharsets.ISO_8859_1))
            .startsWith("Return-Path: <someone@remote.test>\r\nDelivered-To: alice@example.test\r\n")
            .contains("Subject: to alice+lists@alias.test");
        assertThat(send("anything@example.test")).contains("rcpt 250", "data 250");
        assertThat(send("abuse@alias.test")).contains("rcpt 250", "data 250");
        assertThat(Maildirs.awaitNewMessages(maildir("localhost", "postmaster"), 2, TIMEOUT)).hasSize(2);

        assertThat(mailserver("alias", "remove", "@example.test").exitCode()).isZero();
        assertThat(mailserver("domain", "alias", "remove", "alias.test").exitCode()).isZero();
        awaitRcpt("anything@example.test", "rcpt 550");
        awaitRcpt("alice@alias.test", "rcpt 550 5.7.1");
    }

    @Test
    void aQuotaSetWhileTheServerRunsDefersMailOverItAndThenRcptAnswers452() throws Exception {
        MailserverCommand.Result set = mailserver("quota", "set", "Alice@example.test", "0", "1");
        assertThat(set.exitCode()).as(set.output()).isZero();
        assertThat(mailserver("quota", "list").output()).isEqualTo("alice@example.test: 0 1\n");
        // Nothing at RCPT shows that the server has seen the new limit before the mailbox is full.
        TestServers.letTheServerSeeDirectoryChanges();

        assertThat(send("alice@example.test")).contains("rcpt 250", "data 250");
        Maildirs.awaitNewMessages(maildir("example.test", "alice"), 1, TIMEOUT);
        // The message is in new/ a moment before maildirsize counts it.
        Path maildirsize = maildir("example.test", "alice").resolve("maildirsize");
        Await.until(() -> Files.exists(maildirsize), TIMEOUT);
        assertThat(Files.readAllLines(maildirsize).get(0)).isEqualTo("0S,1C");
        assertThat(send("alice@example.test")).as("not known to be full yet").contains("rcpt 250", "data 250");
        String refused = "";
        for (int attempt = 0; attempt < 100 && !refused.contains("rcpt 452"); attempt++) {
            Thread.sleep(100);
            refused = send("alice@example.test");
        }
        assertThat(refused).contains("rcpt 452 4.2.2 <alice@example.test>: Recipient address rejected: mailbox full");
        assertThat(Maildirs.newMessages(maildir("example.test", "alice"))).as("the first message and the warning at 90%").hasSize(2)
            .anySatisfy(file -> assertThat(Files.readString(file, StandardCharsets.ISO_8859_1)).contains("Subject: Your mailbox is 90% full"));

        mailserver("quota", "set", "alice@remote.test", "1G", "0").assertFailed(2, "remote.test is not one of this server's domains");
        mailserver("quota", "set", "@example.test", "lots", "0").assertFailed(2, "is not '<size> <messages>'");
        assertThat(mailserver("quota", "remove", "alice@example.test").exitCode()).isZero();
        mailserver("quota", "remove", "alice@example.test").assertFailed(1, "no quota for alice@example.test");
    }

    @Test
    void aDomainAddedWhileTheServerRunsReceivesMailForItsUsers() throws Exception {
        assertThat(send("bob@new.test")).contains("rcpt 550 5.7.1");
        MailserverCommand.Result notYetLocal = mailserver("user", "add", "bob@new.test");
        assertThat(notYetLocal.exitCode()).isEqualTo(2);

        MailserverCommand.Result added = mailserver("domain", "add", "New.Test");
        assertThat(added.exitCode()).as(added.output()).isZero();
        assertThat(mailserver("user", "add", "bob@new.test").exitCode()).isZero();

        awaitRcpt("bob@new.test", "rcpt 250");
        assertThat(send("bob@new.test")).contains("rcpt 250", "data 250");
        assertThat(Maildirs.awaitNewMessages(maildir("new.test", "bob"), 1, TIMEOUT)).hasSize(1);
        assertThat(mailserver("domain", "list").output()).isEqualTo("example.test\nlocalhost\nnew.test\n");

        assertThat(mailserver("domain", "remove", "new.test").exitCode()).isZero();
        awaitRcpt("bob@new.test", "rcpt 550 5.7.1");
    }

    @Test
    void mistakesEndWithAMessageAndTheirExitCode() throws Exception {
        mailserver("domain", "remove", "example.test")
            .assertFailed(1, "example.test is set in mailserver.domains of " + configFile.toAbsolutePath());
        mailserver("domain", "remove", "other.test").assertFailed(1, "no domain other.test");
        mailserver("alias", "add", "team@remote.test", "bob@example.test").assertFailed(2, "remote.test is not one of this server's domains");
        mailserver("alias", "add", "team@example.test").assertFailed(2, "TARGET");

        assertThat(mailserver("alias", "add", "team@example.test", "alice@example.test").exitCode()).isZero();
        mailserver("alias", "add", "team@example.test", "alice@example.test").assertFailed(1, "alias team@example.test exists already");

        assertThat(mailserver("alias", "add", "all@example.test", "team@example.test").exitCode()).isZero();
        assertThat(mailserver("alias", "remove", "team@example.test").exitCode()).isZero();
        mailserver("alias", "add", "team@example.test", "all@example.test")
            .assertFailed(1, "alias team@example.test would make an alias loop: team@example.test -> all@example.test -> team@example.test");
        mailserver("domain", "alias", "add", "example.test", "localhost").assertFailed(1, "example.test is a local domain");
        mailserver("domain", "alias", "add", "alias.test", "remote.test").assertFailed(2, "remote.test is not one of this server's domains");

        mailserver("alias", "add", "alice@example.test", "postmaster@localhost").assertFailed(1, "alice@example.test is a mailbox already");

        mailserver("alias", "remove", "nobody@example.test").assertFailed(1, "no alias nobody@example.test");
    }
}
