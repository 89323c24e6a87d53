package dev.mailserver.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.mailserver.auth.dkim.DkimAlgorithm;
import dev.mailserver.auth.dkim.DkimKeys;
import dev.mailserver.auth.dkim.DkimSigner;
import dev.mailserver.auth.dkim.DkimSigningKey;
import dev.mailserver.auth.dkim.DkimVerifier;
import dev.mailserver.auth.dmarc.DmarcEvaluator;
import dev.mailserver.auth.dns.AuthDns;
import dev.mailserver.auth.inbound.InboundAuthenticator;
import dev.mailserver.auth.spf.SpfChecker;
import dev.mailserver.auth.testing.Dkimpy;
import dev.mailserver.delivery.testing.TestDnsServer;
import dev.mailserver.smtp.mailauth.InboundActions;
import dev.mailserver.smtp.mailauth.MessageAuthentication;
import dev.mailserver.smtp.testing.FileAccesses;
import dev.mailserver.smtp.testing.SmtpTestClient;

/**
 * SPF, DKIM and DMARC at the end of DATA on an MTA listener, each action as a client sees it, and DKIM
 * signing on a submission listener checked by dkimpy. The client connects from 127.0.0.1; the loopback
 * DNS server publishes the policies.
 */
class MailAuthenticationTest {
    private static final String FORGED_RESULTS = "Authentication-Results: mx.example.test; dmarc=pass header.from=bank.test\r\n";

    @TempDir
    Path root;

    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private ListenerFixture fixture;
    private TestDnsServer dns;
    private KeyPair key;

    @BeforeEach
    void setUp() throws Exception {
        fixture = new ListenerFixture(root);
        key = DkimKeys.generate(DkimAlgorithm.ED25519_SHA256, 0);
        dns = TestDnsServer.start()
            .txt("bank.test", "v=spf1 ip4:192.0.2.0/24 -all")
            .txt("_dmarc.bank.test", "v=DMARC1; p=reject")
            .txt("shop.test", "v=spf1 -all")
            .txt("_dmarc.shop.test", "v=DMARC1; p=quarantine")
            .txt("friend.test", "v=spf1 ip4:127.0.0.1 -all")
            .txt("_dmarc.friend.test", "v=DMARC1; p=reject")
            .txt("sel._domainkey.example.test", DkimKeys.txtRecord(DkimAlgorithm.ED25519_SHA256, key.getPublic()))
            .txt("_dmarc.example.test", "v=DMARC1; p=reject")
            .failing("_dmarc.flaky.test")
            .txt("flaky.test", "v=spf1 -all");
    }

    @AfterEach
    void tearDown() throws Exception {
        fixture.close();
        dns.close();
        executor.shutdownNow();
    }

    @Test
    void recordOnlyQueuesAFailingMessageWithOurResultsAndWithoutTheForgedOnes() throws Exception {
        InetSocketAddress mta = fixture.start(ListenerRole.MTA, TlsMode.NONE, authentication(InboundActions.RECORD_ONLY, null));

        String reply = send(mta, "ceo@bank.test", FORGED_RESULTS + "From: ceo@bank.test\r\nSubject: wire money\r\n\r\nnow\r\n");

        assertThat(reply).startsWith("250 2.0.0");
        String content = fixture.content(reply);
        assertThat(content).startsWith("Authentication-Results: mx.example.test;\r\n\tspf=fail")
            .contains("dkim=none", "dmarc=fail (p=reject dis=reject) header.from=bank.test", "Received: from")
            .doesNotContain("dmarc=pass", "X-Mailserver-Quarantine");
    }

    @Test
    void rejectRefusesMailFailingAPolicyOfRejectWith550() throws Exception {
        InetSocketAddress mta = fixture.start(ListenerRole.MTA, TlsMode.NONE, authentication(new InboundActions(true, true, false), null));

        String reply = send(mta, "ceo@bank.test", "From: ceo@bank.test\r\nSubject: wire money\r\n\r\nnow\r\n");

        assertThat(reply).isEqualTo("550 5.7.1 Message refused: it fails the DMARC policy (p=reject) of bank.test");
        assertThat(fixture.queue().size()).isZero();
    }

    @Test
    void aMessageSentWithBdatIsCheckedAsWell() throws Exception {
        InetSocketAddress mta = fixture.start(ListenerRole.MTA, TlsMode.NONE, authentication(new InboundActions(true, true, false), null));
        String forged = "From: ceo@bank.test\r\nSubject: wire money\r\n\r\nnow\r\n";
        String friendly = FORGED_RESULTS + "From: pal@friend.test\r\nSubject: hi\r\n\r\nhello\r\n";

        try (SmtpTestClient client = SmtpTestClient.greeted(mta)) {
            client.send("MAIL FROM:<ceo@bank.test>\r\nRCPT TO:<" + ListenerFixture.USER + ">\r\nBDAT " + forged.length() + " LAST\r\n" + forged);
            assertThat(client.reply()).startsWith("250");
            assertThat(client.reply()).startsWith("250");
            assertThat(client.reply()).isEqualTo("550 5.7.1 Message refused: it fails the DMARC policy (p=reject) of bank.test");

            client.send("MAIL FROM:<pal@friend.test>\r\nRCPT TO:<" + ListenerFixture.USER + ">\r\nBDAT " + friendly.length() + " LAST\r\n"
                + friendly);
            assertThat(client.reply()).startsWith("250");
            assertThat(client.reply()).startsWith("250");
            String queued = client.reply();
            assertThat(fixture.content(queued)).startsWith("Authentication-Results: mx.example.test;\r\n\tspf=pass")
                .contains("dmarc=pass", "\r\n\r\nhello\r\n").doesNotContain("dmarc=pass header.from=bank.test");
        }
    }

    @Test
    void quarantineMarksMailFailingAPolicyOfQuarantineForTheJunkFolder() throws Exception {
        InetSocketAddress mta = fixture.start(ListenerRole.MTA, TlsMode.NONE, authentication(new InboundActions(true, true, false), null));

        String forgedMark = "X-Mailserver-Quarantine: forged\r\n";
        String quarantined = send(mta, "sales@shop.test", "From: sales@shop.test\r\nSubject: offer\r\n\r\nbuy\r\n");
        String passed = send(mta, "pal@friend.test", forgedMark + "From: pal@friend.test\r\nSubject: hi\r\n\r\nhello\r\n");

        assertThat(fixture.content(quarantined)).startsWith("X-Mailserver-Quarantine: dmarc=fail (p=quarantine) header.from=shop.test\r\n");
        assertThat(fixture.content(passed)).contains("spf=pass", "dmarc=pass").doesNotContain("X-Mailserver-Quarantine");
    }

    @Test
    void temporaryFailuresAreDeferredOnlyWhenConfigured() throws Exception {
        InetSocketAddress recording = fixture.start(ListenerRole.MTA, TlsMode.NONE, authentication(InboundActions.RECORD_ONLY, null));
        InetSocketAddress deferring = fixture.start(ListenerRole.MTA, TlsMode.NONE, authentication(new InboundActions(false, false, true), null));
        String message = "From: a@flaky.test\r\nSubject: hi\r\n\r\nhello\r\n";

        assertThat(fixture.content(send(recording, "a@flaky.test", message))).contains("dmarc=temperror");
        assertThat(send(deferring, "a@flaky.test", message)).startsWith("451 4.7.1 ");
    }

    @Test
    void submittedMailIsSignedSoThatDkimpyAndOurMtaVerifyIt() throws Exception {
        DkimSigner signer = new DkimSigner(List.of(new DkimSigningKey("example.test", "sel", DkimAlgorithm.ED25519_SHA256, key.getPrivate())),
            Clock.systemUTC());
        InetSocketAddress submission = fixture.start(ListenerRole.SUBMISSION, TlsMode.STARTTLS, authentication(InboundActions.RECORD_ONLY, signer));
        String reply;
        try (SmtpTestClient client = SmtpTestClient.greeted(submission)) {
            client.startTls();
            client.command("EHLO client.test");
            client.command("AUTH PLAIN " + SubmissionTest.plain(ListenerFixture.USER, ListenerFixture.PASSWORD));
            reply = client.sendMessage(ListenerFixture.USER, "bob@remote.test",
                "From: Alice <alice@example.test>\r\nTo: bob@remote.test\r\nSubject: signed\r\n\r\nHello Bob.\r\n");
        }
        String signed = fixture.content(reply);
        assertThat(signed).startsWith("DKIM-Signature: v=1; a=ed25519-sha256; c=relaxed/relaxed; d=example.test; s=sel;");

        assertThat(Dkimpy.require(root).verify(signed.getBytes(StandardCharsets.ISO_8859_1), dns.address().getPort())).containsExactly("pass");
        InetSocketAddress mta = fixture.start(ListenerRole.MTA, TlsMode.NONE, authentication(InboundActions.RECORD_ONLY, null));
        String relayed = send(mta, "alice@example.test", signed.replaceAll("(?m)^\\.", ".."));
        assertThat(fixture.content(relayed)).contains("dkim=pass header.d=example.test header.s=sel", "dmarc=pass");
    }

    @Test
    void aLargeMessageIsSignedAndVerifiedFromItsFileWithoutTheIoThreadsReadingIt() throws Exception {
        DkimSigner signer = new DkimSigner(List.of(new DkimSigningKey("example.test", "sel", DkimAlgorithm.ED25519_SHA256, key.getPrivate())),
            Clock.systemUTC());
        InetSocketAddress submission = fixture.start(ListenerRole.SUBMISSION, TlsMode.STARTTLS, authentication(InboundActions.RECORD_ONLY, signer));
        InetSocketAddress mta = fixture.start(ListenerRole.MTA, TlsMode.NONE, authentication(InboundActions.RECORD_ONLY, null));
        // Far more than the 64 KiB kept in memory: the body is hashed from the incoming file.
        String body = "a line of the large body, hashed by DKIM as it is read from its file\r\n".repeat(20_000);
        String message = "From: Alice <alice@example.test>\r\nTo: bob@remote.test\r\nSubject: large\r\n\r\n" + body;
        List<FileAccesses.Access> accesses;
        String relayed;
        try (FileAccesses recorded = FileAccesses.record(root.resolve("file-accesses.jfr"))) {
            String reply;
            try (SmtpTestClient client = SmtpTestClient.greeted(submission)) {
                client.startTls();
                client.command("EHLO client.test");
                client.command("AUTH PLAIN " + SubmissionTest.plain(ListenerFixture.USER, ListenerFixture.PASSWORD));
                reply = client.sendMessage(ListenerFixture.USER, "bob@remote.test", message);
            }
            relayed = send(mta, "alice@example.test", fixture.content(reply));
            accesses = Stream.concat(recorded.under(root.resolve("incoming")).stream(),
                recorded.under(root.resolve("spool").resolve("content")).stream()).toList();
        }

        assertThat(fixture.content(relayed)).contains("dkim=pass header.d=example.test header.s=sel", "dmarc=pass").endsWith("\r\n\r\n" + body);
        assertThat(accesses).as("reads of the incoming files by the signer and the verifier")
            .anySatisfy(access -> assertThat(access.kind()).isEqualTo("read"));
        assertThat(accesses).as("accesses to the message files by netty IO threads")
            .noneSatisfy(access -> assertThat(access.thread()).startsWith("smtp-"));
    }

    @Test
    void mailFromATrustedNetworkIsSignedOnTheMtaListenerAndNotChecked() throws Exception {
        DkimSigner signer = new DkimSigner(List.of(new DkimSigningKey("example.test", "sel", DkimAlgorithm.ED25519_SHA256, key.getPrivate())),
            Clock.systemUTC());
        MessageAuthentication authentication = authentication(new InboundActions(true, true, false), signer);
        InetSocketAddress trusted = fixture.start(ListenerRole.MTA, TlsMode.NONE, authentication, TrustedNetworks.of(List.of("127.0.0.0/8")));
        InetSocketAddress untrusted = fixture.start(ListenerRole.MTA, TlsMode.NONE, authentication);
        String message = "From: Alice <alice@example.test>\r\nSubject: from the web shop\r\n\r\nYour order.\r\n";

        String signed = fixture.content(send(trusted, "alice@example.test", message));
        assertThat(signed).startsWith("DKIM-Signature: v=1; a=ed25519-sha256; c=relaxed/relaxed; d=example.test; s=sel;")
            .doesNotContain("Authentication-Results");
        assertThat(Dkimpy.require(root).verify(signed.getBytes(StandardCharsets.ISO_8859_1), dns.address().getPort())).containsExactly("pass");
        assertThat(send(untrusted, "alice@example.test", message)).startsWith("550 5.7.1 ");
    }

    private MessageAuthentication authentication(InboundActions actions, DkimSigner signer) {
        AuthDns authDns = AuthDns.using(List.of(dns.address()), Duration.ofSeconds(2));
        InboundAuthenticator inbound = new InboundAuthenticator(new SpfChecker(authDns, "mx.example.test", Clock.systemUTC()),
            new DkimVerifier(authDns, Clock.systemUTC(), 5), new DmarcEvaluator(authDns, new Random(1)), "mx.example.test",
            executor, Duration.ofSeconds(20));
        return new MessageAuthentication(Optional.of(inbound), actions, Optional.ofNullable(signer), Optional.empty(), executor);
    }

    private static String send(InetSocketAddress server, String from, String message) throws Exception {
        try (SmtpTestClient client = SmtpTestClient.greeted(server)) {
            return client.sendMessage(from, ListenerFixture.USER, message);
        }
    }
}
