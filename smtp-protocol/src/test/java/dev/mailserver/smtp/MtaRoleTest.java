package dev.mailserver.smtp;

import static org.assertj.core.api.Assertions.assertThat;


import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.mailserver.smtp.testing.SmtpTestClient;

/** The MTA role: mail for the local domain only, whatever the address trick; no AUTH; STARTTLS offered and guarded. */
class MtaRoleTest extends MtaListenerTest {
    MtaRoleTest() {
        super(TlsMode.STARTTLS);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "bob@remote.test",
        "alice%remote.test@example.test",
        "@example.test:bob@remote.test",
        "@mx.example.test,@example.test:bob@remote.test",
        "\"bob@remote.test\"@example.test",
        "bob@remote.test@example.test",
        "remote.test!bob@example.test",
        "bob@[127.0.0.1]",
        "alice@[127.0.0.1]",
        "alice@example.test.",
        "alice@example.test.remote.test",
        "postmaster@remote.test",
        "abuse@remote.test",
        "alice@EXAMPLE.test@remote.test"})
    void noAddressTrickMakesItRelay(String recipient) throws Exception {
        try (SmtpTestClient client = SmtpTestClient.greeted(mta)) {
            client.command("MAIL FROM:<spammer@remote.test>");

            String reply = client.command("RCPT TO:<" + recipient + ">");

            assertThat(reply).matches("5\\d\\d 5\\.\\d\\.\\d+ .*");
            assertThat(client.command("DATA")).startsWith("503 5.5");
        }
        assertThat(fixture.queue().size()).isZero();
    }

    @Test
    void theLocalMailboxIsFoundInAnyCase() throws Exception {
        try (SmtpTestClient client = SmtpTestClient.greeted(mta)) {
            client.command("MAIL FROM:<bob@remote.test>");
            assertThat(client.command("RCPT TO:<ALICE@Example.TEST>")).startsWith("250 2.1.5");
        }
    }

    @Test
    void authIsNeitherOfferedNorAcceptedEvenOverTls() throws Exception {
        try (SmtpTestClient client = SmtpTestClient.greeted(mta)) {
            assertThat(client.lastReplyLines()).anyMatch(line -> line.endsWith("STARTTLS")).noneMatch(line -> line.contains("AUTH"));
            client.startTls();
            client.command("EHLO client.test");
            assertThat(client.lastReplyLines()).noneMatch(line -> line.contains("AUTH"));
            assertThat(client.command("AUTH PLAIN " + SubmissionTest.plain(ListenerFixture.USER, ListenerFixture.PASSWORD)))
                .startsWith("500 5.5.1");
            client.command("MAIL FROM:<alice@example.test>");
            assertThat(client.command("RCPT TO:<bob@remote.test>")).startsWith("550 5.7.1");
        }
    }

    @Test
    void mailOverTlsIsMarkedEsmtpsWithProtocolAndCipher() throws Exception {
        String reply;
        try (SmtpTestClient client = SmtpTestClient.greeted(mta)) {
            client.startTls();
            client.command("EHLO client.test");
            reply = client.sendMessage("bob@remote.test", "alice@example.test", "Subject: tls\r\n\r\nbody\r\n");
        }
        assertThat(fixture.content(reply)).containsPattern("by mx.example.test with ESMTPS \\(TLSv1\\.[23] with cipher TLS_\\w+\\) id ");
    }

    @Test
    void commandsInjectedBehindStartTlsAreDiscarded() throws Exception {
        try (SmtpTestClient client = SmtpTestClient.greeted(mta)) {
            assertInjectionDiscarded(client);
        }
        assertThat(fixture.queue().size()).isZero();
    }

    @Test
    void commandsInjectedBehindStartTlsAreDiscardedAfterACompletedTransactionToo() throws Exception {
        try (SmtpTestClient client = SmtpTestClient.greeted(mta)) {
            assertThat(client.sendMessage("bob@remote.test", "alice@example.test", "Subject: first\r\n\r\nbody\r\n")).startsWith("250");
            assertInjectionDiscarded(client);
        }
        assertThat(fixture.queue().size()).isEqualTo(1);
    }

    private static void assertInjectionDiscarded(SmtpTestClient client) throws Exception {
        client.send("STARTTLS\r\nMAIL FROM:<injected@remote.test>\r\nRCPT TO:<alice@example.test>\r\n");
        client.expect("220");
        client.upgradeToTls();
        assertThat(client.command("EHLO client.test")).as("no reply inside TLS to the plaintext lines").startsWith("250 ");
        assertThat(client.command("RCPT TO:<alice@example.test>")).as("the injected MAIL was discarded").startsWith("503");
        assertThat(client.command("MAIL FROM:<bob@remote.test>")).startsWith("250");
    }
}
