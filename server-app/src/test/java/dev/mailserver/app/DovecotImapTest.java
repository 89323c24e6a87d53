package dev.mailserver.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

import dev.mailserver.app.config.ConfigLoader;
import dev.mailserver.core.DeliveryResult;
import dev.mailserver.core.MessageContent;
import dev.mailserver.core.QueueId;
import dev.mailserver.core.mailbox.LocalDelivery;
import dev.mailserver.core.testing.Await;
import dev.mailserver.core.testing.RequiredTool;
import dev.mailserver.storage.users.UserAccounts;
import dev.mailserver.storage.lmtp.LmtpTransport;

/**
 * Real Dovecot (Debian dovecot-imapd) serves our Maildirs over IMAP to python's imaplib, logging users in with our users
 * file as its passwd-file (our Argon2id hashes, a bcrypt one with its scheme), with the configuration of docs/local-delivery.md:
 * mailboxes owned by the user Dovecot reads them as, quota in our maildirsize, a tag folder.
 */
class DovecotImapTest {
    private static final Path DOVECOT = Path.of("/usr/sbin/dovecot");
    private static final String IMAP = """
        import imaplib, sys
        client = imaplib.IMAP4('127.0.0.1', int(sys.argv[1]))
        client.login(sys.argv[2], sys.argv[3])
        print('list', sorted(line.decode().split(' "." ')[-1] for line in client.list()[1]))
        print('select', client.select('INBOX')[1][0].decode())
        typ, data = client.fetch('1', '(RFC822)')
        print('fetch', data[0][1].decode().replace('\\r\\n', '|'))
        print('quota', client.getquotaroot('INBOX')[1])
        print('junk', client.select('Junk')[1][0].decode())
        client.logout()
        try:
            imaplib.IMAP4('127.0.0.1', int(sys.argv[1])).login(sys.argv[2], 'wrong')
        except imaplib.IMAP4.error as refused:
            print('refused', refused)
        """;

    private static final String IMAP_LOGIN = """
        import imaplib, sys
        client = imaplib.IMAP4('127.0.0.1', int(sys.argv[1]))
        print(client.login(sys.argv[2], sys.argv[3])[0])
        """;

    @TempDir
    Path dir;
    private MailServer server;
    private Process dovecot;

    @BeforeEach
    void prepare() throws Exception {
        RequiredTool.assume(Files.isExecutable(DOVECOT), DOVECOT + " (Debian dovecot-imapd and dovecot-lmtpd, which .ci/run installs)");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path data = Files.createDirectories(dir.resolve("data"));
        UserAccounts.open(data.resolve("users")).add(new MailAddress("alice@example.test"), "a long passphrase");
        Files.writeString(data.resolve("users"), "bob@example.test:{BLF-CRYPT}" + new BCryptPasswordEncoder().encode("bob's passphrase") + "\n",
            StandardOpenOption.APPEND);
    }

    private void startServer(String localDelivery) throws Exception {
        server = MailServer.create(ConfigLoader.fromFile(TestServers.writeConfigFile(dir, """
              hostname = "mx.test"
              domains = ["localhost", "example.test"]
              mailboxes = ["postmaster@localhost", "carol@example.test"]
              smtp.listeners.mta.port = 0
              smtp.listeners.submission.enabled = false
              smtp.listeners.submissions.enabled = false
              admin.port = 0
              delivery.local {
            """ + localDelivery + """
              }
            """)));
        server.start();
    }

    @AfterEach
    void stop() throws Exception {
        if (dovecot != null) {
            dovecot.destroy();
            dovecot.waitFor(10, TimeUnit.SECONDS);
        }
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void dovecotServesOurMaildirsWithOurPasswordsOverImap() throws Exception {
        startServer("""
                tag-folders = true
                mailbox-owner = "nobody"
                mailbox-group = "nogroup"
                directory-mode = "rwx------"
                file-mode = "rw-------"
                quota { storage = 10MiB, messages = 1000 }
            """);
        String sent = Python.run("""
            import smtplib, sys
            smtp = smtplib.SMTP('127.0.0.1', int(sys.argv[1]), timeout=15)
            smtp.sendmail('bob@remote.test', ['alice@example.test'], b'Subject: for dovecot\\r\\n\\r\\nhello over imap\\r\\n')
            smtp.sendmail('bob@remote.test', ['alice+Junk@example.test'], b'Subject: junk\\r\\n\\r\\nspam\\r\\n')
            smtp.quit()
            """, server.mtaAddress().getPort()).output();
        assertThat(sent).isEmpty();
        Path alice = dir.resolve("data/mail/example.test/alice");
        Maildirs.awaitNewMessages(alice, 1, Duration.ofSeconds(30));
        Maildirs.awaitNewMessages(alice.resolve(".Junk"), 1, Duration.ofSeconds(30));
        int port = ServerProcess.freePort();
        dovecot = startDovecot(port, ServerProcess.freePort());

        String output = Python.run(IMAP, port, "alice@example.test", "a long passphrase").output();

        assertThat(output).as(dovecotLog()).contains("list ['INBOX', 'Junk']", "select 1",
            "fetch Return-Path: <bob@remote.test>|Delivered-To: alice@example.test|Received: from", "|Subject: for dovecot||hello over imap|",
            "junk 1", "refused");
        assertThat(Python.run(IMAP_LOGIN, port, "bob@example.test", "bob's passphrase").output())
            .as("a bcrypt hash with its scheme, as htpasswd -B makes them").contains("OK");
        assertThat(output).as("Dovecot's quota from our maildirsize: the two messages").containsPattern("quota .*STORAGE \\d+ 10240 MESSAGE 2 1000");
    }

    @Test
    void lmtpHandsMailToDovecotWhichDeliversItAndRefusesUnknownUsers() throws Exception {
        Path domain = Files.createDirectories(dir.resolve("data/mail/example.test"));
        for (Path made : new Path[] {domain.getParent(), domain}) {
            Files.setOwner(made, made.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody"));
        }
        int imap = ServerProcess.freePort();
        int lmtp = ServerProcess.freePort();
        dovecot = startDovecot(imap, lmtp);
        startServer("""
                transport = lmtp
                lmtp { port = %d, timeout = 30s }
            """.formatted(lmtp));

        String sent = Python.run("""
            import smtplib, sys
            smtp = smtplib.SMTP('127.0.0.1', int(sys.argv[1]), timeout=15)
            smtp.sendmail('bob@remote.test', ['alice+x@example.test'], b'Subject: over lmtp\\r\\n\\r\\n.dotted\\r\\nhello\\r\\n')
            smtp.quit()
            """, server.mtaAddress().getPort()).output();
        assertThat(sent).isEmpty();
        String output = "";
        for (int attempt = 0; attempt < 100 && !output.contains("select 1"); attempt++) {
            Thread.sleep(200);
            output = Python.run("""
                import imaplib, sys
                client = imaplib.IMAP4('127.0.0.1', int(sys.argv[1]))
                client.login(sys.argv[2], sys.argv[3])
                print('select', client.select('INBOX')[1][0].decode())
                if int(client.select('INBOX')[1][0]) > 0:
                    print('fetch', client.fetch('1', '(RFC822)')[1][0][1].decode().replace('\\r\\n', '|'))
                """, imap, "alice@example.test", "a long passphrase").output();
        }

        assertThat(output).as(dovecotLog()).contains("select 1", "fetch Return-Path: <bob@remote.test>|Delivered-To: alice@example.test|",
            "|Subject: over lmtp||.dotted|hello|");
        assertThat(dir.resolve("data/mail/example.test/alice/cur")).as("written by Dovecot, moved to cur/ by the SELECT").isNotEmptyDirectory();
        LmtpTransport transport = new LmtpTransport(new InetSocketAddress("127.0.0.1", lmtp), "mx.test", Duration.ofSeconds(30));
        DeliveryResult unknown = transport.deliver(new LocalDelivery(QueueId.generate(), MaybeSender.nullSender(), new MailAddress("carol@example.test"),
            Instant.now(), false), MessageContent.ofBytes("Subject: x\r\n\r\nx\r\n".getBytes(StandardCharsets.US_ASCII)));
        assertThat(unknown.outcome()).as(unknown.toString()).isEqualTo(DeliveryResult.Outcome.PERMANENT_FAILURE);
        assertThat(unknown.enhancedStatus()).isEqualTo("5.1.1");
    }

    @Test
    void dovecotShowsTheFolderAndTheSeenFlagThatOurSieveScriptGaveAMessage() throws Exception {
        startServer("""
                mailbox-owner = "nobody"
                mailbox-group = "nogroup"
            """);
        MailserverCommand.Result put = MailserverCommand.runWithConfig(dir.resolve("server.conf"), """
            require ["fileinto", "mailbox", "imap4flags"];
            if header :contains "subject" "receipt" { fileinto :create :flags "\\\\Seen" "Receipts"; }
            """, Duration.ofSeconds(60), "sieve", "put", "alice@example.test", "main", "-");
        assertThat(put.exitCode()).as(put.output()).isZero();
        Python.run("""
            import smtplib, sys
            smtp = smtplib.SMTP('127.0.0.1', int(sys.argv[1]), timeout=15)
            smtp.sendmail('shop@remote.test', ['alice@example.test'], b'Subject: your receipt\\r\\n\\r\\nthanks\\r\\n')
            smtp.quit()
            """, server.mtaAddress().getPort());
        Path receipts = dir.resolve("data/mail/example.test/alice/.Receipts/cur");
        Await.until(() -> hasFiles(receipts), Duration.ofSeconds(30));
        int port = ServerProcess.freePort();
        dovecot = startDovecot(port, ServerProcess.freePort());

        String output = Python.run("""
            import imaplib, sys
            client = imaplib.IMAP4('127.0.0.1', int(sys.argv[1]))
            client.login(sys.argv[2], sys.argv[3])
            print('list', sorted(line.decode().split(' "." ')[-1] for line in client.list()[1]))
            print('select', client.select('Receipts')[1][0].decode())
            print('flags', client.fetch('1', '(FLAGS BODY.PEEK[HEADER.FIELDS (SUBJECT)])')[1][0][0].decode())
            """, port, "alice@example.test", "a long passphrase").output();

        assertThat(output).as(dovecotLog()).contains("list ['INBOX', 'Receipts']", "select 1", "FLAGS (\\Seen \\Recent)");
    }

    private static boolean hasFiles(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            return false;
        }
        try (var files = Files.newDirectoryStream(directory)) {
            return files.iterator().hasNext();
        }
    }

    private Process startDovecot(int port, int lmtpPort) throws Exception {
        Path base = Files.createDirectories(dir.resolve("dovecot"));
        Path config = base.resolve("dovecot.conf");
        Files.writeString(config, """
            base_dir = %1$s/run
            state_dir = %1$s/state
            log_path = %1$s/dovecot.log
            protocols = imap lmtp
            listen = 127.0.0.1
            ssl = no
            disable_plaintext_auth = no
            auth_mechanisms = plain
            first_valid_uid = 1
            default_login_user = dovenull
            default_internal_user = dovecot
            mail_location = maildir:~
            mail_plugins = quota
            protocol imap {
              mail_plugins = $mail_plugins imap_quota
            }
            plugin {
              quota = maildir:User quota
              quota_rule = *:storage=10M:messages=1000
            }
            service imap-login {
              inet_listener imap {
                address = 127.0.0.1
                port = %2$d
              }
              inet_listener imaps {
                port = 0
              }
            }
            service lmtp {
              inet_listener lmtp {
                address = 127.0.0.1
                port = %5$d
              }
            }
            service pop3-login {
              inet_listener pop3 {
                port = 0
              }
            }
            service auth {
              user = root
            }
            passdb {
              driver = passwd-file
              args = scheme=ARGON2ID username_format=%%u %3$s
            }
            userdb {
              driver = static
              args = uid=nobody gid=nogroup home=%4$s/%%d/%%n
            }
            """.formatted(base, port, dir.resolve("data/users"), dir.resolve("data/mail"), lmtpPort));
        Process process = new ProcessBuilder(DOVECOT.toString(), "-F", "-c", config.toString())
            .redirectErrorStream(true).redirectOutput(base.resolve("stdout.log").toFile()).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            try (java.net.Socket probe = new java.net.Socket("127.0.0.1", port)) {
                return process;
            } catch (IOException notYet) {
                if (!process.isAlive()) {
                    throw new AssertionError("dovecot exited: " + Files.readString(base.resolve("stdout.log")) + dovecotLog());
                }
                Thread.sleep(100);
            }
        }
        throw new AssertionError("dovecot did not listen on " + port + ": " + dovecotLog());
    }

    private String dovecotLog() throws IOException {
        Path log = dir.resolve("dovecot/dovecot.log");
        return Files.exists(log) ? String.join("\n", Files.readAllLines(log, StandardCharsets.UTF_8)) : "(no dovecot log)";
    }

}
