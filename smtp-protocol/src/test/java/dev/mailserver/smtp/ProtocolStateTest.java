package dev.mailserver.smtp;

import static org.assertj.core.api.Assertions.assertThat;


import org.apache.james.core.MailAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.mailserver.core.queue.QueuedMail;
import dev.mailserver.smtp.testing.SmtpTestClient;

/** The transaction's state and MAIL's parameters, over a real socket to an MTA listener. */
class ProtocolStateTest extends MtaListenerTest {
    ProtocolStateTest() {
        super(TlsMode.NONE);
    }

    @Test
    void everyMailInsideATransactionGets503AndChangesNothing() throws Exception {
        String reply;
        try (SmtpTestClient client = SmtpTestClient.greeted(mta)) {
            assertThat(client.command("MAIL FROM:<first@remote.test>")).startsWith("250");
            assertThat(client.command("RCPT TO:<alice@example.test>")).startsWith("250");
            assertThat(client.command("MAIL FROM:<second@remote.test>")).startsWith("503 5.5.1");
            assertThat(client.command("MAIL FROM:<third@remote.test>")).startsWith("503 5.5.1");
            assertThat(client.command("DATA")).startsWith("354");
            client.send("Subject: kept\r\n\r\nbody\r\n.\r\n");
            reply = client.reply();
        }
        QueuedMail queued = fixture.queued(reply);
        assertThat(queued.sender().asString()).isEqualTo("first@remote.test");
        assertThat(queued.pendingRecipients()).extracting(MailAddress::asString).containsExactly("alice@example.test");
    }

    @ParameterizedTest
    @ValueSource(strings = {"FOO=bar", "BODY=BINARYMIME", "BY=120;R", "AUTH=<>", "MT-PRIORITY=3"})
    void aParameterTheServerDoesNotOfferGets555(String parameter) throws Exception {
        try (SmtpTestClient client = SmtpTestClient.greeted(mta)) {
            assertThat(client.command("MAIL FROM:<bob@remote.test> " + parameter)).startsWith("555 5.5.4");
            assertThat(client.command("RCPT TO:<alice@example.test>")).as("no transaction was opened").startsWith("503");
            assertThat(client.command("MAIL FROM:<bob@remote.test> BODY=8BITMIME SIZE=100")).startsWith("250");
        }
    }

    @Test
    void aSizeBeyondTheLimitIs552HoweverLongTheNumberAndANonNumberIs501() throws Exception {
        try (SmtpTestClient client = SmtpTestClient.greeted(mta)) {
            assertThat(client.command("MAIL FROM:<bob@remote.test> SIZE=3000000000")).startsWith("552 5.3.4");
            assertThat(client.command("MAIL FROM:<bob@remote.test> SIZE=99999999999999999999999")).startsWith("552 5.3.4");
            assertThat(client.command("MAIL FROM:<bob@remote.test> SIZE=ten")).startsWith("501 5.5.4");
            assertThat(client.command("MAIL FROM:<bob@remote.test> SIZE=10")).startsWith("250");
        }
    }

    @Test
    void theGreetingAndThe354ReadAsUsual() throws Exception {
        try (SmtpTestClient client = SmtpTestClient.greeted(mta)) {
            assertThat(client.lastReplyLines().get(0)).isEqualTo("250-mx.example.test Hello client.test [127.0.0.1]");
            client.command("MAIL FROM:<bob@remote.test>");
            client.command("RCPT TO:<alice@example.test>");
            assertThat(client.command("DATA")).isEqualTo("354 End data with <CR><LF>.<CR><LF>");
        }
    }
}
