package dev.mailserver.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import dev.mailserver.core.DsnNotify;
import dev.mailserver.core.DsnReturn;
import dev.mailserver.core.EnvelopeOptions;
import dev.mailserver.core.OriginalRecipient;
import dev.mailserver.core.RecipientOptions;
import dev.mailserver.core.queue.QueuedMail;
import dev.mailserver.smtp.testing.SmtpTestClient;

/** The ESMTP extensions as a client sees them on the MTA port, over raw sockets. */
class SmtpExtensionsTest extends MtaListenerTest {
    private static final String MESSAGE = "Subject: extensions\r\n\r\nhello\r\n";

    SmtpExtensionsTest() {
        super(TlsMode.STARTTLS);
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
        void theRecipientAndTransactionLimitsAreAdvertisedAsRcptMaxAndMailMax() throws Exception {
            try (SmtpTestClient client = SmtpTestClient.greeted(mta)) {
                assertThat(client.lastReplyLines()).anyMatch(line -> line.substring(4).equals("LIMITS RCPTMAX=" + SessionLimits.defaults().maxRecipients()
                    + " MAILMAX=" + SessionLimits.defaults().maxTransactions()));
            }
        }

        @Test
        void theTransactionAfterMailMaxIsRefusedAndTheSessionGoesOn() throws Exception {
            reopened();
            SessionLimits defaults = SessionLimits.defaults();
            InetSocketAddress twoPerSession = fixture.start(ListenerRole.MTA, TlsMode.NONE, new SessionLimits(defaults.maxMessageSize(),
                defaults.maxLineLength(), defaults.maxRecipients(), 2, defaults.idleTimeout(), defaults.maxSessionTime(),
                defaults.maxConnections(), defaults.maxConnectionsPerClient(), defaults.maxErrors(), defaults.maxCommands(),
                defaults.maxAuthFailures()), dev.mailserver.smtp.auth.AuthFailures.defaults());
            try (SmtpTestClient client = SmtpTestClient.greeted(twoPerSession)) {
                assertThat(client.lastReplyLines()).anyMatch(line -> line.substring(4).equals("LIMITS RCPTMAX=" + defaults.maxRecipients() + " MAILMAX=2"));
                for (int n = 0; n < 2; n++) {
                    assertThat(client.command("MAIL FROM:<bob@remote.test>")).startsWith("250");
                    assertThat(client.command("RCPT TO:<alice@example.test>")).startsWith("250");
                    assertThat(fixture.content(data(client, MESSAGE))).endsWith(MESSAGE);
                }

                assertThat(client.command("MAIL FROM:<bob@remote.test>")).isEqualTo("452 4.5.3 Too many transactions in this session");
                assertThat(client.command("RCPT TO:<alice@example.test>")).startsWith("503");
                assertThat(client.command("RSET")).startsWith("250");
                assertThat(client.command("MAIL FROM:<bob@remote.test>")).startsWith("452 4.5.3");
                assertThat(client.command("QUIT")).startsWith("221");
            }
            try (SmtpTestClient client = SmtpTestClient.greeted(twoPerSession)) {
                assertThat(client.command("MAIL FROM:<bob@remote.test>")).startsWith("250");
            }
        }
    }

    @Nested
    class Chunking {
        @Test
        void chunkingIsAdvertisedButNotBinaryMime() throws Exception {
            try (SmtpTestClient client = SmtpTestClient.greeted(mta)) {
                assertThat(client.lastReplyLines()).anyMatch(line -> line.substring(4).equals("CHUNKING"))
                    .noneMatch(line -> line.contains("BINARYMIME"));
            }
        }

        @Test
        void pipelinedChunksMakeOneMessageByteForByte() throws Exception {
            String first = "Subject: chunks\r\n\r\n.a line with a dot\r\n.\r\nBDAT 5 LAST\r\nhalf a li";
            String second = "ne\r\n\u00e9 eight-bit\r\nlast\r\n";
            try (SmtpTestClient client = SmtpTestClient.greeted(mta)) {
                client.send("MAIL FROM:<bob@remote.test>\r\nRCPT TO:<alice@example.test>\r\nBDAT " + first.length() + "\r\n" + first
                    + "BDAT " + second.length() + " LAST\r\n" + second + "NOOP\r\n");

                assertThat(client.reply()).startsWith("250");
                assertThat(client.reply()).startsWith("250");
                assertThat(client.reply()).isEqualTo("250 2.0.0 " + first.length() + " octets received");
                String queued = client.reply();
                assertThat(client.reply()).startsWith("250");

                assertThat(withoutReceived(fixture.content(queued))).isEqualTo(first + second);
            }
        }

        @Test
        void aBdatLineInsideDataIsTextAndBdatMayFollowDataPipelined() throws Exception {
            try (SmtpTestClient client = SmtpTestClient.greeted(mta)) {
                client.command("MAIL FROM:<bob@remote.test>");
                client.command("RCPT TO:<alice@example.test>");
                assertThat(client.command("DATA")).startsWith("354");
                client.send("Subject: y\r\n\r\nBDAT 3 LAST\r\nabc\r\n.\r\n"
                    + "MAIL FROM:<bob@remote.test>\r\nRCPT TO:<alice@example.test>\r\nBDAT 7 LAST\r\nhello\r\n");

                String first = client.reply();
                assertThat(client.reply()).startsWith("250");
                assertThat(client.reply()).startsWith("250");
                String second = client.reply();

                assertThat(withoutReceived(fixture.content(first))).isEqualTo("Subject: y\r\n\r\nBDAT 3 LAST\r\nabc\r\n");
                assertThat(withoutReceived(fixture.content(second))).isEqualTo("hello\r\n");
            }
        }

        @Test
        void aMessageWithoutFinalCrlfGetsOneAndAnEmptyLastChunkEndsIt() throws Exception {
            try (SmtpTestClient client = SmtpTestClient.greeted(mta)) {
                client.command("MAIL FROM:<bob@remote.test>");
                client.command("RCPT TO:<alice@example.test>");
                client.send("BDAT 18\r\nSubject: x\r\n\r\nbody");
                assertThat(client.reply()).isEqualTo("250 2.0.0 18 octets received");

                String queued = client.command("BDAT 0 LAST");

                assertThat(withoutReceived(fixture.content(queued))).isEqualTo("Subject: x\r\n\r\nbody\r\n");
            }
        }

        @Test
        void aRefusedChunkIsReadAndDroppedAndTheSessionGoesOn() throws Exception {
            try (SmtpTestClient client = SmtpTestClient.greeted(mta)) {
                client.send("BDAT 12 LAST\r\nRSET\r\nQUIT\r\n");
                assertThat(client.reply()).isEqualTo("503 5.5.1 Need MAIL before BDAT");
                client.command("MAIL FROM:<bob@remote.test>");
                client.send("BDAT 6\r\nNOOP\r\n");
                assertThat(client.reply()).isEqualTo("554 5.5.1 No valid recipients");
                assertThat(client.command("BDAT ten")).isEqualTo("501 5.5.4 Syntax: BDAT <chunk-size> [LAST]");
                assertThat(client.command("NOOP")).startsWith("250");
            }
            assertThat(fixture.queue().size()).isZero();
        }

        @Test
        void dataIsRefusedInABdatTransactionAndRsetDiscardsIt() throws Exception {
            try (SmtpTestClient client = SmtpTestClient.greeted(mta)) {
                client.command("MAIL FROM:<bob@remote.test>");
                client.command("RCPT TO:<alice@example.test>");
                client.send("BDAT 4\r\nab\r\n");
                client.reply();
                assertThat(client.command("DATA")).isEqualTo("503 5.5.1 DATA is not allowed in a BDAT transaction");
                assertThat(client.command("RSET")).startsWith("250");
                client.send("BDAT 3 LAST\r\nabc");
                assertThat(client.reply()).isEqualTo("503 5.5.1 Need MAIL before BDAT");
            }
            assertThat(fixture.queue().size()).isZero();
            assertThat(fixture.root().resolve("incoming")).isEmptyDirectory();
        }

        @Test
        void aLargeChunkIsStoredWhole() throws Exception {
            StringBuilder body = new StringBuilder("Subject: large\r\n\r\n");
            while (body.length() < 3_000_000) {
                body.append("0123456789".repeat(7)).append("\r\n");
            }
            try (SmtpTestClient client = SmtpTestClient.greeted(mta)) {
                client.command("MAIL FROM:<bob@remote.test>");
                client.command("RCPT TO:<alice@example.test>");
                client.send("BDAT " + body.length() + " LAST\r\n" + body);

                assertThat(withoutReceived(fixture.content(client.reply()))).isEqualTo(body.toString());
            }
        }

        @Test
        void aMessageOverTheSizeLimitIsRefusedAtTheLastChunk() throws Exception {
            reopened();
            SessionLimits defaults = SessionLimits.defaults();
            InetSocketAddress small = fixture.start(ListenerRole.MTA, TlsMode.NONE, new SessionLimits(100, defaults.maxLineLength(),
                defaults.maxRecipients(), defaults.maxTransactions(), defaults.idleTimeout(), defaults.maxSessionTime(), defaults.maxConnections(),
                defaults.maxConnectionsPerClient(), defaults.maxErrors(), defaults.maxCommands(), defaults.maxAuthFailures()),
                dev.mailserver.smtp.auth.AuthFailures.defaults());
            String line = "x".repeat(60) + "\r\n";
            try (SmtpTestClient client = SmtpTestClient.greeted(small)) {
                client.command("MAIL FROM:<bob@remote.test>");
                client.command("RCPT TO:<alice@example.test>");
                client.send("BDAT " + line.length() + "\r\n" + line);
                client.reply();
                client.send("BDAT " + line.length() + " LAST\r\n" + line);

                assertThat(client.reply()).startsWith("552 5.3.4");
            }
            assertThat(fixture.queue().size()).isZero();
        }
    }

    @Nested
    class SmtpUtf8 {
        @Test
        void aUtf8SenderIsTakenWithSmtpUtf8AndKeptInTheInternalForm() throws Exception {
            try (SmtpTestClient client = SmtpTestClient.greeted(mta)) {
                assertThat(client.lastReplyLines()).anyMatch(line -> line.substring(4).equals("SMTPUTF8"));
                assertThat(client.commandUtf8("MAIL FROM:<jöran@bücher.de>")).isEqualTo("553 5.6.7 A UTF-8 address needs the SMTPUTF8 parameter of MAIL (RFC 6531)");
                assertThat(client.commandUtf8("MAIL FROM:<jöran@bücher.de> SMTPUTF8")).startsWith("250");
                assertThat(client.commandUtf8("RCPT TO:<nobody.ü@example.test>")).startsWith("550 5.1.1");
                assertThat(client.commandUtf8("RCPT TO:<alice@example.test>")).startsWith("250");

                QueuedMail queued = fixture.queued(data(client, "Subject: =?utf-8?q?gr=C3=BC=C3=9Fe?=\r\nTo: alice@example.test\r\n\r\nÜ\r\n"));

                assertThat(queued.options().smtpUtf8()).isTrue();
                assertThat(dev.mailserver.core.InternationalAddresses.toExternal(queued.sender().get())).isEqualTo("jöran@xn--bcher-kva.de");
            }
        }

        @Test
        void aUtf8RecipientNeedsSmtpUtf8OnMail() throws Exception {
            try (SmtpTestClient client = SmtpTestClient.greeted(mta)) {
                client.command("MAIL FROM:<bob@remote.test>");

                assertThat(client.commandUtf8("RCPT TO:<jöran@example.test>")).startsWith("553 5.6.7");
                assertThat(client.commandUtf8("MAIL FROM:<bob@remote.test> SMTPUTF8=yes")).startsWith("503");
            }
            try (SmtpTestClient client = SmtpTestClient.greeted(mta)) {
                assertThat(client.commandUtf8("MAIL FROM:<bob@remote.test> SMTPUTF8=yes")).isEqualTo("501 5.5.4 Invalid SMTPUTF8 parameter");
                assertThat(client.commandUtf8("MAIL FROM:<jö ran@bücher.de> SMTPUTF8")).startsWith("5");
            }
        }
    }

    @Nested
    class Pipelining {
        @Test
        void theRepliesToAPipelinedGroupComeInOneWrite() throws Exception {
            try (SmtpTestClient client = SmtpTestClient.greeted(mta)) {
                assertThat(client.lastReplyLines()).anyMatch(line -> line.substring(4).equals("PIPELINING"));
                client.send("MAIL FROM:<bob@remote.test>\r\nRCPT TO:<alice@example.test>\r\nDATA\r\n");

                assertThat(client.readOnce()).matches("250 [^\r]*\r\n250 [^\r]*\r\n354 [^\r]*\r\n");
            }
        }
    }

    @Nested
    class RequireTls {
        @Test
        void isOfferedAndTakenOnlyAfterStartTls() throws Exception {
            try (SmtpTestClient client = SmtpTestClient.greeted(mta)) {
                assertThat(client.lastReplyLines()).noneMatch(line -> line.contains("REQUIRETLS"));
                assertThat(client.command("MAIL FROM:<bob@remote.test> REQUIRETLS")).isEqualTo("530 5.7.10 REQUIRETLS needs a TLS session: STARTTLS first");

                client.startTls();
                client.command("EHLO client.test");
                assertThat(client.lastReplyLines()).anyMatch(line -> line.substring(4).equals("REQUIRETLS"));
                assertThat(client.command("MAIL FROM:<bob@remote.test> REQUIRETLS")).startsWith("250");
                client.command("RCPT TO:<alice@example.test>");

                assertThat(fixture.queued(data(client, MESSAGE)).options().requireTls()).isTrue();
            }
        }
    }

    /** The content without the Received: header we add (its first line and the folded lines after it). */
    private static String withoutReceived(String stored) {
        assertThat(stored).startsWith("Received: ");
        int end = stored.indexOf("\r\n");
        while (stored.charAt(end + 2) == '\t' || stored.charAt(end + 2) == ' ') {
            end = stored.indexOf("\r\n", end + 2);
        }
        return stored.substring(end + 2);
    }
}
