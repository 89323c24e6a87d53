package dev.mailserver.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.mailserver.app.config.ConfigLoader;
import dev.mailserver.core.testing.Await;
import dev.mailserver.delivery.testing.TestSmtpServer;

/**
 * Sieve scripts stored with {@code mailserver sieve put} while the server runs filter the mail that python's smtplib
 * sends to it: what each action leaves in the Maildirs (and the bounces, redirects and vacation replies it queues).
 * Every message is delivered on arrival ({@code delivery.on-arrival.min-concurrent = 1}), as mail is under load;
 * the same store behind the queue is tested in the storage module.
 */
class SieveEndToEndTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String SEND = """
        import smtplib, sys
        client = smtplib.SMTP('127.0.0.1', int(sys.argv[1]), timeout=15)
        client.ehlo('client.test')
        client.sendmail(sys.argv[2], [sys.argv[3]], sys.argv[4].replace('\\n', '\\r\\n').encode())
        client.quit()
        print('sent')
        """;

    @TempDir
    Path dir;
    private Path configFile;
    private MailServer server;
    /** The MX of routed.test, on loopback (a transport map entry). */
    private TestSmtpServer remote;
    private AdminHttp admin;
    private int sent;

    @BeforeEach
    void startServer() throws Exception {
        remote = TestSmtpServer.start();
        configFile = TestServers.writeConfigFile(dir, """
              domains = ["localhost", "example.test"]
              mailboxes = ["postmaster@localhost", "alice@example.test", "bob@example.test"]
              smtp.listeners.mta.port = 0
              smtp.listeners.submission.enabled = false
              smtp.listeners.submissions.enabled = false
              delivery.remote.transports = [{ domain = "routed.test", host = "127.0.0.1", port = %d, tls = none }]
              delivery.on-arrival.min-concurrent = 1
            """.formatted(remote.port()));
        server = MailServer.create(ConfigLoader.fromFile(configFile));
        server.start();
        admin = new AdminHttp(server.adminAddress());
    }

    @AfterEach
    void stopServer() throws Exception {
        server.stop();
        remote.close();
    }

    private MailserverCommand.Result mailserver(String stdin, String... arguments) throws Exception {
        return MailserverCommand.runWithConfig(configFile, stdin, TIMEOUT, arguments);
    }

    private void put(String user, String script) throws Exception {
        MailserverCommand.Result put = mailserver(script, "sieve", "put", user, "main", "-");
        assertThat(put.exitCode()).as(put.output()).isZero();
    }

    /** Sends a message with these header lines (and a Message-ID, To: the recipient unless given) and waits until the queue is empty. */
    private void send(String from, String to, String... headers) throws Exception {
        sent++;
        StringBuilder message = new StringBuilder("Message-ID: <m" + sent + "@client.test>\n");
        if (Stream.of(headers).noneMatch(header -> header.startsWith("To:"))) {
            message.append("To: ").append(to).append('\n');
        }
        for (String header : headers) {
            message.append(header).append('\n');
        }
        message.append("\nmessage ").append(sent).append('\n');
        assertThat(Python.run(SEND, server.mtaAddress().getPort(), from, to, message.toString()).output()).contains("sent");
        awaitEmptyQueue();
    }

    private void awaitEmptyQueue() throws Exception {
        String token = Files.readString(dir.resolve("data/admin-token")).trim();
        HttpResponse<String> queue = Await.value(() -> get("/queue", token), response -> response.body().strip().equals("[]"), TIMEOUT);
        assertThat(queue.body().strip()).as("the queue is empty").isEqualTo("[]");
    }

    private HttpResponse<String> get(String path, String token) throws IOException {
        try {
            return admin.get(path, token);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private Path maildir(String user) {
        String[] parts = user.split("@");
        return dir.resolve("data/mail").resolve(parts[1]).resolve(parts[0]);
    }

    /** The messages of a Maildir, new/ and cur/, as text. */
    private static List<String> messages(Path maildir) throws IOException {
        List<String> texts = new ArrayList<>();
        for (String sub : List.of("new", "cur")) {
            Path directory = maildir.resolve(sub);
            if (Files.isDirectory(directory)) {
                try (Stream<Path> files = Files.list(directory)) {
                    for (Path file : files.sorted().toList()) {
                        texts.add(Files.readString(file, StandardCharsets.ISO_8859_1));
                    }
                }
            }
        }
        return texts;
    }

    @Test
    void fileintoFilesIntoAFolderMadeByCreateOrAnExistingOneAndAMissingFolderFallsBackToTheInbox() throws Exception {
        put("alice@example.test", """
            require ["fileinto", "mailbox"];
            if header :contains "subject" "report" { fileinto :create "Reports"; }
            elsif header :contains "subject" "missing" { fileinto "Missing"; }
            """);
        send("someone@remote.test", "alice@example.test", "Subject: weekly report");
        send("someone@remote.test", "alice@example.test", "Subject: second report");
        send("someone@remote.test", "alice@example.test", "Subject: to a missing folder");

        Path reports = maildir("alice@example.test").resolve(".Reports");
        assertThat(messages(reports)).hasSize(2).allSatisfy(text -> assertThat(text).contains("report"));
        assertThat(reports.resolve("maildirfolder")).exists();
        assertThat(messages(maildir("alice@example.test"))).singleElement().asString().contains("Subject: to a missing folder");
        assertThat(maildir("alice@example.test").resolve(".Missing")).doesNotExist();
    }

    @Test
    void discardStoresNothing() throws Exception {
        put("alice@example.test", "if header :is \"subject\" \"spam\" { discard; }\n");
        send("someone@remote.test", "alice@example.test", "Subject: spam");
        send("someone@remote.test", "alice@example.test", "Subject: ham");
        assertThat(messages(maildir("alice@example.test"))).singleElement().asString().contains("Subject: ham");
    }

    @Test
    void rejectAndErejectBounceToTheSenderWith571AndTheScriptsReason() throws Exception {
        put("alice@example.test", "require \"reject\";\nreject \"I do not take mail from you\";\n");
        send("bob@example.test", "alice@example.test", "Subject: first");
        put("alice@example.test", "require \"ereject\";\nereject text:\nNot accepted\nhere.\n.\n;\n");
        send("bob@example.test", "alice@example.test", "Subject: second");

        assertThat(messages(maildir("alice@example.test"))).isEmpty();
        List<String> bounces = messages(maildir("bob@example.test"));
        assertThat(bounces).hasSize(2).allSatisfy(bounce -> assertThat(bounce).contains("Return-Path: <>", "Status: 5.7.1"));
        assertThat(bounces).anySatisfy(bounce -> assertThat(bounce).contains("I do not take mail from you", "Subject: first"))
            .anySatisfy(bounce -> assertThat(bounce).contains("rejected by the recipient's filter: Not accepted here.\r\n", "Subject: second"));
    }

    @Test
    void redirectSendsTheMessageOnToItsTargetOnce() throws Exception {
        put("alice@example.test", "redirect \"bob@example.test\";\n");
        send("someone@remote.test", "alice@example.test", "Subject: for bob");

        assertThat(messages(maildir("alice@example.test"))).isEmpty();
        assertThat(messages(maildir("bob@example.test"))).singleElement().asString()
            .startsWith("Return-Path: <someone@remote.test>\r\nDelivered-To: bob@example.test\r\nDelivered-To: alice@example.test\r\n")
            .contains("Subject: for bob");
    }

    @Test
    void redirectToAnotherDomainIsSentThereWithAnSrsSender() throws Exception {
        put("alice@example.test", "redirect \"carol@routed.test\";\n");
        send("someone@remote.test", "alice@example.test", "Subject: for carol");

        assertThat(messages(maildir("alice@example.test"))).isEmpty();
        assertThat(remote.received()).singleElement().satisfies(received -> {
            assertThat(received.mailFrom()).startsWith("SRS0=").endsWith("=remote.test=someone@localhost");
            assertThat(received.recipients()).containsExactly("carol@routed.test");
            assertThat(received.content()).startsWith("Delivered-To: alice@example.test\r\n").contains("Subject: for carol");
        });
    }

    @Test
    void copyKeepsTheMessageBesidesFileintoAndRedirect() throws Exception {
        put("alice@example.test", """
            require ["fileinto", "copy", "mailbox"];
            fileinto :copy :create "Archive";
            redirect :copy "bob@example.test";
            """);
        send("someone@remote.test", "alice@example.test", "Subject: copied");

        assertThat(messages(maildir("alice@example.test"))).singleElement().asString().contains("Subject: copied");
        assertThat(messages(maildir("alice@example.test").resolve(".Archive"))).singleElement().asString().contains("Subject: copied");
        assertThat(messages(maildir("bob@example.test"))).singleElement().asString().contains("Subject: copied");
    }

    @Test
    void vacationRepliesOncePerSenderAndNeverToTheNullSenderListsOrMailNotAddressedToTheUser() throws Exception {
        put("alice@example.test", """
            require "vacation";
            vacation :days 3 :subject "Out of office" :addresses ["alice.smith@example.test"] "I am away until Monday.";
            """);
        send("", "alice@example.test", "Subject: a bounce");
        send("bob@example.test", "alice@example.test", "Subject: list mail", "List-Id: <team.example.test>");
        send("bob@example.test", "alice@example.test", "Subject: bulk mail", "Precedence: bulk");
        send("bob@example.test", "alice@example.test", "Subject: via a list", "To: team@lists.test");
        send("bob@example.test", "alice@example.test", "Subject: hello", "To: Alice Smith <alice.smith@example.test>");
        send("bob@example.test", "alice@example.test", "Subject: hello again");

        assertThat(messages(maildir("alice@example.test"))).hasSize(6);
        assertThat(messages(maildir("bob@example.test"))).singleElement().asString()
            .startsWith("Return-Path: <>\r\nDelivered-To: bob@example.test\r\n")
            .contains("From: alice@example.test", "To: bob@example.test", "Subject: Out of office", "In-Reply-To: <m5@client.test>",
                "References: <m5@client.test>", "Auto-Submitted: auto-replied", "I am away until Monday.");
        assertThat(Files.readString(dir.resolve("data/sieve/example.test/alice/vacation-replies"))).contains("bob@example.test");
    }

    @Test
    void envelopeAndSubaddressTestsSeeTheEnvelopeAsSent() throws Exception {
        put("alice@example.test", """
            require ["fileinto", "envelope", "subaddress", "mailbox"];
            if envelope :detail "to" "news" { fileinto :create "Reading"; }
            elsif envelope :domain "from" "remote.test" { fileinto :create "Outside"; }
            """);
        send("bob@example.test", "alice+news@example.test", "Subject: newsletter");
        send("someone@remote.test", "alice@example.test", "Subject: from outside");
        send("bob@example.test", "alice@example.test", "Subject: from bob");

        assertThat(messages(maildir("alice@example.test").resolve(".Reading"))).singleElement().asString().contains("Subject: newsletter");
        assertThat(messages(maildir("alice@example.test").resolve(".Outside"))).singleElement().asString().contains("Subject: from outside");
        assertThat(messages(maildir("alice@example.test"))).singleElement().asString().contains("Subject: from bob");
    }

    @Test
    void imap4flagsSeenStoresTheMessageInCurWithTheSeenFlag() throws Exception {
        put("alice@example.test", """
            require "imap4flags";
            if header :contains "subject" "read" { addflag "\\\\Seen"; }
            """);
        send("someone@remote.test", "alice@example.test", "Subject: already read");

        Path alice = maildir("alice@example.test");
        assertThat(Maildirs.newMessages(alice)).isEmpty();
        try (Stream<Path> cur = Files.list(alice.resolve("cur"))) {
            assertThat(cur.toList()).singleElement().satisfies(file -> assertThat(file.getFileName().toString()).endsWith(":2,S"));
        }
    }

    @Test
    void aBrokenScriptIsRefusedAtPutWithItsLineAndReason() throws Exception {
        mailserver("require \"fileinto\";\n\nif header :contains \"subject\" \"x\" {\n  fileinto \"Lists\"\n}\n",
            "sieve", "put", "alice@example.test", "main", "-")
            .assertFailed(2, "script main refused: line 5: expected ';' after 'fileinto'");
        mailserver("require \"body\";\n", "sieve", "put", "alice@example.test", "main", "-")
            .assertFailed(2, "line 1: unsupported capability \"body\"");
        mailserver("keep;", "sieve", "put", "nobody@example.test", "main", "-").assertFailed(2, "nobody@example.test is not a mailbox");
        assertThat(mailserver("", "sieve", "list", "alice@example.test").output()).isEmpty();
    }

    @Test
    void aScriptBrokenOnDiskDeliversIntoTheInbox() throws Exception {
        put("alice@example.test", "discard;\n");
        Files.writeString(dir.resolve("data/sieve/example.test/alice/main.sieve"), "discard\n");
        send("someone@remote.test", "alice@example.test", "Subject: not lost");
        assertThat(messages(maildir("alice@example.test"))).singleElement().asString().contains("Subject: not lost");
    }

    @Test
    void scriptsAreListedGotActivatedAndRemoved() throws Exception {
        put("alice@example.test", "keep;\n");
        assertThat(mailserver("discard;\n", "sieve", "put", "alice@example.test", "drop", "-").exitCode()).isZero();
        assertThat(mailserver("", "sieve", "list", "alice@example.test").output()).isEqualTo("drop\nmain (active)\n");
        assertThat(mailserver("", "sieve", "get", "alice@example.test", "drop").output()).isEqualTo("discard;\n");

        assertThat(mailserver("", "sieve", "activate", "alice@example.test", "drop").exitCode()).isZero();
        assertThat(mailserver("", "sieve", "list", "alice@example.test").output()).isEqualTo("drop (active)\nmain\n");
        send("someone@remote.test", "alice@example.test", "Subject: dropped");
        assertThat(messages(maildir("alice@example.test"))).isEmpty();

        assertThat(mailserver("", "sieve", "remove", "alice@example.test", "drop").output()).contains("no script is active now");
        send("someone@remote.test", "alice@example.test", "Subject: kept");
        assertThat(messages(maildir("alice@example.test"))).singleElement().asString().contains("Subject: kept");
        mailserver("", "sieve", "activate", "alice@example.test", "drop").assertFailed(1, "no script drop for alice@example.test");
        mailserver("", "sieve", "get", "alice@example.test", "../x").assertFailed(2, "is not a script name");
    }
}
