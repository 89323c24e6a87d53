package dev.mailserver.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.mailserver.core.DsnNotify;
import dev.mailserver.core.DsnReturn;
import dev.mailserver.core.EnvelopeOptions;
import dev.mailserver.core.OriginalRecipient;
import dev.mailserver.core.RecipientOptions;
import dev.mailserver.core.queue.QueuedMail;
import dev.mailserver.smtp.testing.SmtpTestClient;

/** The ESMTP extensions as a client sees them on the MTA port, over raw sockets. */
class SmtpExtensionsTest {
    private static final String MESSAGE = "Subject: extensions\r\n\r\nhello\r\n";

    @TempDir
    Path root;
    private ListenerFixture fixture;
    private InetSocketAddress mta;

    @BeforeEach
    void start() throws Exception {
        fixture = new ListenerFixture(root);
        mta = fixture.start(ListenerRole.MTA, TlsMode.STARTTLS);
    }

    @AfterEach
    void stop() throws Exception {
        fixture.close();
    }

    private String data(SmtpTestClient client, String body) throws Exception {
        assertThat(client.command("DATA")).startsWith("354");
        client.send(body + ".\r\n");
        return client.reply();
    }

    @Nested
    class Dsn {
        @Test
        void theParametersAreAdvertisedAcceptedAndStoredWithTheMessage() throws Exception {
            try (SmtpTestClient client = SmtpTestClient.greeted(mta)) {
                assertThat(client.lastReplyLines()).anyMatch(line -> line.substring(4).equals("DSN"));
                assertThat(client.command("MAIL FROM:<bob@remote.test> RET=HDRS ENVID=QQ+2B314159")).startsWith("250");
                assertThat(client.command("RCPT TO:<alice@example.test> NOTIFY=SUCCESS,DELAY ORCPT=rfc822;Alice+40example.test")).startsWith("250");

                QueuedMail queued = fixture.queued(data(client, MESSAGE));

                assertThat(queued.options()).isEqualTo(new EnvelopeOptions(Optional.of("QQ+314159"), Optional.of(DsnReturn.HDRS), false, false));
                assertThat(queued.recipients().get(0).options()).isEqualTo(new RecipientOptions(
                    DsnNotify.of(Set.of(DsnNotify.Event.SUCCESS, DsnNotify.Event.DELAY)),
                    Optional.of(new OriginalRecipient("rfc822", "Alice@example.test"))));
            }
        }

        @Test
        void malformedValuesGet501AndNothingCarriesOverFromARefusedMail() throws Exception {
            try (SmtpTestClient client = SmtpTestClient.greeted(mta)) {
                assertThat(client.command("MAIL FROM:<bob@remote.test> RET=ALL")).isEqualTo("501 5.5.4 Invalid RET parameter");
                assertThat(client.command("MAIL FROM:<bob@remote.test> ENVID=bad+zz")).isEqualTo("501 5.5.4 Invalid ENVID parameter");
                assertThat(client.command("MAIL FROM:<bob@remote.test> ENVID=kept RET=ALL")).startsWith("501");
                assertThat(client.command("MAIL FROM:<bob@remote.test>")).startsWith("250");
                assertThat(client.command("RCPT TO:<alice@example.test> NOTIFY=NEVER,SUCCESS")).isEqualTo("501 5.5.4 Invalid NOTIFY parameter");
                assertThat(client.command("RCPT TO:<alice@example.test> NOTIFY=SOMETIMES")).isEqualTo("501 5.5.4 Invalid NOTIFY parameter");
                assertThat(client.command("RCPT TO:<alice@example.test> ORCPT=alice@example.test")).isEqualTo("501 5.5.4 Invalid ORCPT parameter");
                assertThat(client.command("RCPT TO:<alice@example.test> NOTIFY=NEVER")).startsWith("250");

                QueuedMail queued = fixture.queued(data(client, MESSAGE));

                assertThat(queued.options()).isEqualTo(EnvelopeOptions.NONE);
                assertThat(queued.recipients().get(0).options().notifyOn()).isEqualTo(DsnNotify.NEVER);
            }
        }

        @Test
        void theParametersOfOneTransactionDoNotReachTheNext() throws Exception {
            try (SmtpTestClient client = SmtpTestClient.greeted(mta)) {
                client.command("MAIL FROM:<bob@remote.test> RET=FULL");
                client.command("RCPT TO:<alice@example.test> NOTIFY=FAILURE");
                fixture.queued(data(client, MESSAGE));
                client.command("MAIL FROM:<bob@remote.test>");
                client.command("RCPT TO:<alice@example.test>");

                QueuedMail second = fixture.queued(data(client, MESSAGE));

                assertThat(second.options()).isEqualTo(EnvelopeOptions.NONE);
                assertThat(second.recipients().get(0).options()).isEqualTo(RecipientOptions.NONE);
            }
        }
    }

    @Nested
    class Limits {
        @Test
        void theRecipientLimitIsAdvertisedAsRcptMax() throws Exception {
            try (SmtpTestClient client = SmtpTestClient.greeted(mta)) {
                assertThat(client.lastReplyLines()).anyMatch(line -> line.substring(4).equals("LIMITS RCPTMAX=" + SessionLimits.defaults().maxRecipients()));
            }
        }
    }
}
