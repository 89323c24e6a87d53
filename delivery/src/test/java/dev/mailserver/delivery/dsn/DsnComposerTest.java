package dev.mailserver.delivery.dsn;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

import org.apache.james.core.Domain;
import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.junit.jupiter.api.Test;

import dev.mailserver.core.DsnNotify;
import dev.mailserver.core.DsnReturn;
import dev.mailserver.core.EnvelopeOptions;
import dev.mailserver.core.OriginalRecipient;
import dev.mailserver.core.RecipientOptions;
import dev.mailserver.core.MessageContent;
import dev.mailserver.core.mime.HeaderSection;
import dev.mailserver.core.QueueId;
import dev.mailserver.core.OutgoingMessage;
import dev.mailserver.core.queue.QueuedMail;
import dev.mailserver.core.queue.RecipientState;
import dev.mailserver.core.queue.RecipientStatus;
import dev.mailserver.core.testing.MutableClock;
import dev.mailserver.storage.directory.ConfiguredDirectory;
import jakarta.mail.BodyPart;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

/** The notices as a mail reader would parse them: RFC 3464 structure, read back with Jakarta Mail. */
class DsnComposerTest {
    private static final byte[] ORIGINAL = ("From: Alice <alice@example.test>\r\n"
        + "To: bob@remote.test\r\n"
        + "Subject: quarterly report\r\n"
        + "Message-ID: <original@example.test>\r\n"
        + "\r\n"
        + "the body, which the notice leaves out\r\n").getBytes(StandardCharsets.US_ASCII);
    private static final Instant ARRIVED = Instant.parse("2026-01-01T00:00:00Z");

    private final MutableClock clock = new MutableClock(ARRIVED.plusSeconds(90));
    private final ConfiguredDirectory directory = new ConfiguredDirectory(Set.of(Domain.of("example.test")),
        Set.of(address("alice@example.test")));
    private final DsnComposer composer = new DsnComposer("mx.example.test", directory, clock);

    @Test
    void aBounceIsAnRfc3464ReportToTheSenderFromTheNullSender() throws Exception {
        RecipientState rejected = failed("bob@remote.test",
            "5.1.1 " + RemoteDiagnostic.describe("mx1.remote.test[127.0.0.1]:2525", "550 5.1.1 <bob@remote.test>: no such user", "RCPT TO"));
        RecipientState loop = failed("carol@loop.test", "5.4.6 mail for loop.test loops back to myself");

        OutgoingMessage notice = composer.compose(mail("alice@example.test", rejected, loop), List.of(rejected, loop), MessageContent.ofBytes(ORIGINAL)).orElseThrow();

        assertThat(notice.envelope().sender().isNullSender()).isTrue();
        assertThat(notice.envelope().recipients()).containsExactly(address("alice@example.test"));
        MimeMessage bounce = parse(notice);
        assertThat(bounce.getHeader("From", null)).contains("MAILER-DAEMON@mx.example.test");
        assertThat(bounce.getHeader("To", null)).isEqualTo("alice@example.test");
        assertThat(bounce.getHeader("Auto-Submitted", null)).isEqualTo("auto-replied");
        assertThat(bounce.getSubject()).isEqualTo("Undelivered Mail Returned to Sender");
        assertThat(bounce.getMessageID()).endsWith("@mx.example.test>");
        assertThat(bounce.getContentType()).startsWith("multipart/report").contains("report-type=delivery-status");

        MimeMultipart report = (MimeMultipart) bounce.getContent();
        assertThat(report.getCount()).isEqualTo(3);
        assertThat(report.getBodyPart(0).getContentType()).startsWith("text/plain");
        assertThat((String) report.getBodyPart(0).getContent())
            .contains("<bob@remote.test>: host mx1.remote.test[127.0.0.1]:2525 said: 550 5.1.1 <bob@remote.test>: no such user")
            .contains("<carol@loop.test>: mail for loop.test loops back to myself");
        assertThat(report.getBodyPart(1).getContentType()).startsWith("message/delivery-status");
        assertThat(report.getBodyPart(2).getContentType()).startsWith("text/rfc822-headers");
        assertThat(text(report.getBodyPart(2))).contains("Subject: quarterly report\r\n").doesNotContain("the body");

        List<InternetHeaders> status = statusBlocks(report.getBodyPart(1));
        assertThat(status).hasSize(3);
        assertThat(status.get(0).getHeader("Reporting-MTA", null)).isEqualTo("dns; mx.example.test");
        assertThat(status.get(0).getHeader("Arrival-Date", null)).isEqualTo("Thu, 1 Jan 2026 00:00:00 +0000");
        InternetHeaders bob = status.get(1);
        assertThat(bob.getHeader("Final-Recipient", null)).isEqualTo("rfc822; bob@remote.test");
        assertThat(bob.getHeader("Action", null)).isEqualTo("failed");
        assertThat(bob.getHeader("Status", null)).isEqualTo("5.1.1");
        assertThat(bob.getHeader("Remote-MTA", null)).isEqualTo("dns; mx1.remote.test");
        assertThat(bob.getHeader("Diagnostic-Code", null)).isEqualTo("smtp; 550 5.1.1 <bob@remote.test>: no such user");
        InternetHeaders carol = status.get(2);
        assertThat(carol.getHeader("Final-Recipient", null)).isEqualTo("rfc822; carol@loop.test");
        assertThat(carol.getHeader("Status", null)).isEqualTo("5.4.6");
        assertThat(carol.getHeader("Remote-MTA", null)).isNull();
        assertThat(carol.getHeader("Diagnostic-Code", null)).isEqualTo("X-mailserver; mail for loop.test loops back to myself");
    }

    @Test
    void anExpiredRecipientReportsTheLastRemoteReply() throws Exception {
        RecipientState expired = failed("bob@remote.test", "5.4.7 Delivery time expired after 5d; last result: 4.2.2 "
            + RemoteDiagnostic.describe("mx1.remote.test[127.0.0.1]:25", "452 4.2.2 mailbox full", "RCPT TO"));

        OutgoingMessage notice = composer.compose(mail("alice@example.test", expired), List.of(expired), MessageContent.ofBytes(ORIGINAL)).orElseThrow();

        InternetHeaders bob = statusBlocks(((MimeMultipart) parse(notice).getContent()).getBodyPart(1)).get(1);
        assertThat(bob.getHeader("Status", null)).isEqualTo("5.4.7");
        assertThat(bob.getHeader("Diagnostic-Code", null)).isEqualTo("smtp; 452 4.2.2 mailbox full");
    }

    @Test
    void aMessageWithoutBodySeparatorReturnsOnlyABoundedPartOfIt() throws Exception {
        byte[] noSeparator = ("Subject: endless\r\n" + "X-Filler: " + "x".repeat(1000) + "\r\n").repeat(2000).getBytes(StandardCharsets.US_ASCII);
        RecipientState rejected = failed("bob@remote.test", "5.1.1 no such user");

        OutgoingMessage notice = composer.compose(mail("alice@example.test", rejected), List.of(rejected), MessageContent.ofBytes(noSeparator)).orElseThrow();

        assertThat(noSeparator.length).isGreaterThan(4 * HeaderSection.DEFAULT_MAX_BYTES);
        assertThat(notice.content().size()).isLessThan(HeaderSection.DEFAULT_MAX_BYTES + 16 * 1024);
    }

    @Test
    void aDelayWarningSaysDelayedWithTheTemporaryStatus() throws Exception {
        RecipientState pending = new RecipientState(address("bob@remote.test"), RecipientStatus.PENDING,
            "4.4.1 connect to mx1.remote.test[127.0.0.1]:25: Connection refused");

        OutgoingMessage notice = composer.composeDelayWarning(mail("alice@example.test", pending), List.of(pending), MessageContent.ofBytes(ORIGINAL))
            .orElseThrow();

        MimeMessage warning = parse(notice);
        assertThat(warning.getSubject()).isEqualTo("Delayed Mail (still being retried)");
        InternetHeaders bob = statusBlocks(((MimeMultipart) warning.getContent()).getBodyPart(1)).get(1);
        assertThat(bob.getHeader("Action", null)).isEqualTo("delayed");
        assertThat(bob.getHeader("Status", null)).isEqualTo("4.4.1");
    }

    @Test
    void aBounceIsNeverBounced() throws Exception {
        RecipientState rejected = failed("bob@remote.test", "5.1.1 no such user");
        QueuedMail bounce = new QueuedMail(QueueId.generate(), MaybeSender.nullSender(), List.of(rejected), ORIGINAL.length,
            ARRIVED, 1, ARRIVED, EnvelopeOptions.NONE);

        assertThat(composer.compose(bounce, List.of(rejected), MessageContent.ofBytes(ORIGINAL))).isEmpty();
    }

    @Test
    void noNoticeGoesToALocalAddressWithoutMailbox() throws Exception {
        RecipientState rejected = failed("bob@remote.test", "5.1.1 no such user");

        Optional<OutgoingMessage> notice = composer.compose(mail("ghost@example.test", rejected), List.of(rejected), MessageContent.ofBytes(ORIGINAL));

        assertThat(notice).isEmpty();
    }

    @Test
    void notifyNeverAndNotifySuccessOnlyGetNoBounce() throws Exception {
        RecipientState never = failed("bob@remote.test", "5.1.1 no such user", RecipientOptions.NONE.withNotify(DsnNotify.NEVER));
        RecipientState successOnly = failed("carol@remote.test", "5.1.1 no such user",
            RecipientOptions.NONE.withNotify(DsnNotify.of(Set.of(DsnNotify.Event.SUCCESS))));
        RecipientState delayOnly = pending("dave@remote.test", RecipientOptions.NONE.withNotify(DsnNotify.of(Set.of(DsnNotify.Event.FAILURE))));

        assertThat(composer.compose(mail("alice@example.test", never, successOnly), List.of(never, successOnly),
            MessageContent.ofBytes(ORIGINAL))).isEmpty();
        assertThat(composer.composeDelayWarning(mail("alice@example.test", delayOnly), List.of(delayOnly),
            MessageContent.ofBytes(ORIGINAL))).isEmpty();
    }

    @Test
    void aBounceCarriesTheEnvelopeIdAndOriginalRecipientAndTheWholeMessageWithRetFull() throws Exception {
        RecipientState rejected = failed("bob@remote.test", "5.1.1 no such user",
            RecipientOptions.NONE.withOriginalRecipient(new OriginalRecipient("rfc822", "bob@old.example")));
        QueuedMail mail = mail(new EnvelopeOptions(Optional.of("QQ314159"), Optional.of(DsnReturn.FULL), false, false), rejected);

        MimeMultipart report = (MimeMultipart) parse(composer.compose(mail, List.of(rejected), MessageContent.ofBytes(ORIGINAL)).orElseThrow()).getContent();

        List<InternetHeaders> status = statusBlocks(report.getBodyPart(1));
        assertThat(status.get(0).getHeader("Original-Envelope-Id", null)).isEqualTo("QQ314159");
        assertThat(status.get(1).getHeader("Original-Recipient", null)).isEqualTo("rfc822;bob@old.example");
        assertThat(report.getBodyPart(2).getContentType()).startsWith("message/rfc822");
        assertThat(text(report.getBodyPart(2))).contains("the body, which the notice leaves out");
    }

    @Test
    void retHdrsReturnsTheHeadersOnly() throws Exception {
        RecipientState rejected = failed("bob@remote.test", "5.1.1 no such user");
        QueuedMail mail = mail(EnvelopeOptions.NONE.withRet(DsnReturn.HDRS), rejected);

        MimeMultipart report = (MimeMultipart) parse(composer.compose(mail, List.of(rejected), MessageContent.ofBytes(ORIGINAL)).orElseThrow()).getContent();

        assertThat(report.getBodyPart(2).getContentType()).startsWith("text/rfc822-headers");
        assertThat(text(report.getBodyPart(2))).doesNotContain("the body");
    }

    @Test
    void notifySuccessReportsDeliveredLocallyAndRelayedToAHopWithoutDsnButNotToOneWithDsn() throws Exception {
        RecipientOptions success = RecipientOptions.NONE.withNotify(DsnNotify.of(Set.of(DsnNotify.Event.SUCCESS)));
        RecipientState local = delivered("carol@example.test", "2.0.0 stored as new/1", success);
        RecipientState relayed = delivered("bob@remote.test", "2.0.0 " + RemoteDiagnostic.describeAccepted("mx1.remote.test[127.0.0.1]:25",
            "250 2.0.0 Ok", "end of DATA", false), success);
        RecipientState passedOn = delivered("dave@dsn.test", "2.0.0 " + RemoteDiagnostic.describeAccepted("mx1.dsn.test[127.0.0.1]:25",
            "250 2.0.0 Ok", "end of DATA", true), success);
        RecipientState notAsked = delivered("erin@example.test", "2.0.0 stored as new/2", RecipientOptions.NONE);

        OutgoingMessage notice = composer.composeSuccess(mail("alice@example.test", local, relayed, passedOn, notAsked),
            List.of(local, relayed, passedOn, notAsked), MessageContent.ofBytes(ORIGINAL)).orElseThrow();

        MimeMessage report = parse(notice);
        assertThat(report.getSubject()).isEqualTo("Successful Mail Delivery Report");
        List<InternetHeaders> status = statusBlocks(((MimeMultipart) report.getContent()).getBodyPart(1));
        assertThat(status).hasSize(3);
        assertThat(status.get(1).getHeader("Final-Recipient", null)).isEqualTo("rfc822; carol@example.test");
        assertThat(status.get(1).getHeader("Action", null)).isEqualTo("delivered");
        assertThat(status.get(1).getHeader("Status", null)).isEqualTo("2.0.0");
        assertThat(status.get(2).getHeader("Final-Recipient", null)).isEqualTo("rfc822; bob@remote.test");
        assertThat(status.get(2).getHeader("Action", null)).isEqualTo("relayed");
        assertThat(composer.composeSuccess(mail("alice@example.test", notAsked), List.of(notAsked), MessageContent.ofBytes(ORIGINAL))).isEmpty();
    }

    private static QueuedMail mail(EnvelopeOptions options, RecipientState... recipients) {
        return new QueuedMail(QueueId.generate(), MaybeSender.getMailSender("alice@example.test"), List.of(recipients), ORIGINAL.length,
            ARRIVED, 1, ARRIVED, options);
    }

    private static RecipientState failed(String recipient, String lastResult, RecipientOptions options) {
        return new RecipientState(address(recipient), RecipientStatus.FAILED, lastResult, options);
    }

    private static RecipientState delivered(String recipient, String lastResult, RecipientOptions options) {
        return new RecipientState(address(recipient), RecipientStatus.DELIVERED, lastResult, options);
    }

    private static RecipientState pending(String recipient, RecipientOptions options) {
        return new RecipientState(address(recipient), RecipientStatus.PENDING, "4.4.1 connection refused", options);
    }

    private static QueuedMail mail(String sender, RecipientState... recipients) {
        return new QueuedMail(QueueId.generate(), MaybeSender.getMailSender(sender), List.of(recipients), ORIGINAL.length, ARRIVED, 1, ARRIVED, EnvelopeOptions.NONE);
    }

    private static RecipientState failed(String recipient, String lastResult) {
        return new RecipientState(address(recipient), RecipientStatus.FAILED, lastResult);
    }

    private static MimeMessage parse(OutgoingMessage notice) throws Exception {
        try (InputStream in = notice.content().openStream()) {
            return new MimeMessage(Session.getInstance(new Properties()), in);
        }
    }

    private static String text(BodyPart part) throws Exception {
        try (InputStream in = part.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The per-message block, then one block per recipient (RFC 3464 section 2.1). */
    private static List<InternetHeaders> statusBlocks(BodyPart part) throws Exception {
        byte[] body;
        try (InputStream in = part.getInputStream()) {
            body = in.readAllBytes();
        }
        List<InternetHeaders> blocks = new ArrayList<>();
        for (String block : new String(body, StandardCharsets.UTF_8).split("\r\n\r\n")) {
            if (!block.isBlank()) {
                blocks.add(new InternetHeaders(new ByteArrayInputStream((block + "\r\n\r\n").getBytes(StandardCharsets.UTF_8))));
            }
        }
        return blocks;
    }

    private static MailAddress address(String text) {
        try {
            return new MailAddress(text);
        } catch (javax.mail.internet.AddressException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
