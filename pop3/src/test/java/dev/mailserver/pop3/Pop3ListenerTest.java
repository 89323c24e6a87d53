package dev.mailserver.pop3;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import javax.net.ssl.SSLContext;

import org.apache.james.core.Domain;
import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.mailserver.core.MessageContent;
import dev.mailserver.core.QueueId;
import dev.mailserver.core.mailbox.LocalDelivery;
import dev.mailserver.delivery.testing.TestCertificate;
import dev.mailserver.smtp.auth.AuthFailures;
import dev.mailserver.storage.directory.ConfiguredDirectory;
import dev.mailserver.storage.maildir.MailboxPermissions;
import dev.mailserver.storage.quota.MailboxQuota;
import dev.mailserver.storage.maildir.MaildirStore;
import dev.mailserver.storage.maildir.MaildirSync;
import dev.mailserver.storage.quota.QuotaLimits;
import dev.mailserver.storage.quota.Quotas;
import dev.mailserver.storage.users.UserAccounts;

/** POP3 with python's poplib over STLS and implicit TLS, on Maildirs written by local delivery. */
class Pop3ListenerTest {
    private static final String PASSWORD = "a long passphrase";
    private static final String CLIENT = """
        import poplib, ssl, sys, base64
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        def connect(kind, port):
            if kind == 'stls':
                client = poplib.POP3('127.0.0.1', int(port), timeout=15)
                return client
            return poplib.POP3_SSL('127.0.0.1', int(port), context=context, timeout=15)
        def show(label, value):
            print(label, value.decode() if isinstance(value, bytes) else value)
        """;

    @TempDir
    Path dir;
    private Pop3Listener stls;
    private Pop3Listener implicit;
    private MaildirStore store;

    @BeforeEach
    void start() throws Exception {
        UserAccounts users = UserAccounts.open(dir.resolve("users"));
        users.add(new MailAddress("alice@example.com"), PASSWORD);
        ConfiguredDirectory mailboxes = new ConfiguredDirectory(Set.of(Domain.of("example.com")), Set.of(), users::exists);
        store = new MaildirStore(dir.resolve("mail"), mailboxes, MailboxPermissions.DEFAULT,
            new MailboxQuota(Quotas.open(dir.resolve("quotas"), new QuotaLimits(0, 100)), 100, Clock.systemUTC()), MaildirSync.perFile());
        SSLContext tls = TestCertificate.create(dir, "localhost").serverContext();
        AuthFailures failures = new AuthFailures(Duration.ofMinutes(15), Duration.ofMillis(10), 50, Clock.systemUTC());
        stls = listener(Pop3Tls.STARTTLS, tls, users, failures);
        implicit = listener(Pop3Tls.IMPLICIT, tls, users, failures);
    }

    private Pop3Listener listener(Pop3Tls mode, SSLContext tls, UserAccounts users, AuthFailures failures) throws InterruptedException {
        Pop3Listener listener = new Pop3Listener(new Pop3Settings(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), mode,
            Duration.ofMinutes(10), 3), () -> tls, users, failures, dir.resolve("mail"));
        listener.start();
        return listener;
    }

    @AfterEach
    void stop() {
        stls.stop();
        implicit.stop();
    }

    private void deliver(String subject, String body) throws IOException {
        store.deliver(new LocalDelivery(QueueId.generate(), MaybeSender.nullSender(), mailAddress("alice@example.com"), Instant.now(), false),
            MessageContent.ofBytes(("Subject: " + subject + "\r\n\r\n" + body).getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void retrieveTopDeleteAndUidlStableAcrossSessionsOverStlsAndImplicitTls() throws Exception {
        deliver("one", "first\r\n.dotted line\r\nlast\r\n");
        deliver("two", "second\r\n");
        deliver("three", "third\r\nmore\r\n");

        String first = python(CLIENT + """
            client = connect('stls', sys.argv[1])
            show('capa-before', sorted(client.capa().keys()))
            try:
                client.user('alice@example.com')
            except poplib.error_proto as refused:
                show('user-before-tls', refused.args[0])
            client.stls(context)
            show('capa-after', sorted(client.capa().keys()))
            client.user('alice@example.com')
            show('pass', client.pass_(sys.argv[2]))
            show('stat', client.stat())
            show('uidl', [line.decode() for line in client.uidl()[1]])
            show('retr', b'|'.join(client.retr(1)[1]))
            show('top', b'|'.join(client.top(3, 1)[1]))
            show('dele', client.dele(1))
            try:
                client.retr(1)
            except poplib.error_proto as refused:
                show('retr-deleted', refused.args[0])
            show('rset', client.rset())
            show('dele', client.dele(2))
            show('quit', client.quit())
            """, stls.address().getPort(), PASSWORD);

        assertThat(first).contains("capa-before ['AUTH-RESP-CODE', 'PIPELINING', 'RESP-CODES', 'STLS', 'TOP', 'UIDL']",
            "user-before-tls -ERR [AUTH] log in only after STLS",
            "capa-after ['AUTH-RESP-CODE', 'PIPELINING', 'RESP-CODES', 'SASL', 'TOP', 'UIDL', 'USER']",
            "pass +OK 3 messages", "stat (3, ",
            "retr Return-Path: <>|Delivered-To: alice@example.com|Subject: one||first|.dotted line|last",
            "top Return-Path: <>|Delivered-To: alice@example.com|Subject: three||third\n",
            "retr-deleted -ERR message 1 is deleted", "quit +OK 1 messages deleted, bye");
        List<String> uids = uids(first);
        assertThat(uids).hasSize(3);

        String second = python(CLIENT + """
            client = connect('ssl', sys.argv[1])
            print(client._shortcmd('AUTH PLAIN ' + base64.b64encode(b'\\0alice@example.com\\0' + sys.argv[2].encode()).decode()).decode())
            show('uidl', [line.decode() for line in client.uidl()[1]])
            show('list', [line.decode() for line in client.list()[1]])
            show('quit', client.quit())
            """, implicit.address().getPort(), PASSWORD);

        assertThat(second).contains("+OK 2 messages", "quit +OK 0 messages deleted, bye");
        assertThat(uids(second)).as("the same ids in a new session").containsExactly(uids.get(0), uids.get(2));
        try (Stream<Path> left = Files.list(dir.resolve("mail/example.com/alice/new"))) {
            assertThat(left).hasSize(2);
        }
        List<String> maildirsize = Files.readAllLines(dir.resolve("mail/example.com/alice/maildirsize"));
        assertThat(maildirsize.getLast()).as("the removal is counted for quota").matches("-\\d+ -1");
    }

    @Test
    void wrongPasswordsAreRefusedAndTheThirdClosesTheSession() throws Exception {
        String output = python(CLIENT + """
            client = connect('ssl', sys.argv[1])
            for attempt in range(3):
                try:
                    client.user('alice@example.com')
                    client.pass_('wrong')
                except poplib.error_proto as refused:
                    show('refused', refused.args[0])
            try:
                client.stat()
            except Exception as closed:
                show('closed', type(closed).__name__)
            """, implicit.address().getPort());

        assertThat(output).contains("refused -ERR [AUTH] invalid user name or password",
            "refused -ERR [AUTH] invalid user name or password; closing after 3 failures", "closed ");
    }

    @Test
    void aMailboxOpenInOneSessionIsRefusedToAnotherOverTheOtherListener() throws Exception {
        deliver("one", "first\r\n");

        String output = python(CLIENT + """
            first = connect('ssl', sys.argv[1])
            first.user('alice@example.com')
            show('first', first.pass_(sys.argv[3]))
            second = connect('stls', sys.argv[2])
            second.stls(context)
            second.user('alice@example.com')
            try:
                second.pass_(sys.argv[3])
            except poplib.error_proto as refused:
                show('second', refused.args[0])
            first.quit()
            second.user('alice@example.com')
            show('after', second.pass_(sys.argv[3]))
            second.quit()
            """, implicit.address().getPort(), stls.address().getPort(), PASSWORD);

        assertThat(output).contains("first +OK 1 messages", "second -ERR [IN-USE] the mailbox is open in another session",
            "after +OK 1 messages");
    }

    @Test
    void aCommandSentInTheClearBehindStlsIsNeverTakenAsSentOverTls() throws Exception {
        List<String> replies = new ArrayList<>();
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), stls.address().getPort())) {
            socket.setSoTimeout(10_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            assertThat(in.readLine()).startsWith("+OK");
            socket.getOutputStream().write("STLS\r\nUSER alice@example.com\r\n".getBytes(StandardCharsets.US_ASCII));
            for (String line = in.readLine(); line != null && replies.size() < 5; line = in.readLine()) {
                replies.add(line);
            }
        } catch (java.net.SocketException closed) {
            // the server closed the connection
        }

        assertThat(replies).as("refused before the handshake, or the plaintext line broke the handshake: never answered as USER")
            .isIn(List.of("-ERR commands sent before the TLS handshake are refused"), List.of("+OK begin TLS negotiation"));
    }

    private static List<String> uids(String output) {
        String line = output.lines().filter(text -> text.startsWith("uidl ")).findFirst().orElseThrow();
        List<String> uids = new ArrayList<>();
        for (String entry : line.substring("uidl [".length(), line.length() - 1).split(", ")) {
            uids.add(entry.replace("'", "").split(" ")[1]);
        }
        return uids;
    }

    private static String python(String script, Object... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("python3", "-c", script));
        for (Object argument : arguments) {
            command.add(String.valueOf(argument));
        }
        Process python = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!python.waitFor(60, TimeUnit.SECONDS)) {
            python.destroyForcibly();
            throw new AssertionError("python did not finish within 60 s");
        }
        return new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    private static MailAddress mailAddress(String text) {
        try {
            return new MailAddress(text);
        } catch (javax.mail.internet.AddressException e) {
            throw new IllegalArgumentException(text, e);
        }
    }
}
