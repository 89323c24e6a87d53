package dev.mailserver.delivery.dsn;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.mime4j.dom.Message;
import org.apache.james.mime4j.dom.address.Mailbox;
import org.apache.james.mime4j.message.BasicBodyFactory;
import org.apache.james.mime4j.message.BodyPartBuilder;
import org.apache.james.mime4j.message.DefaultMessageWriter;
import org.apache.james.mime4j.message.MessageBuilder;
import org.apache.james.mime4j.message.MultipartBuilder;
import org.apache.james.mime4j.stream.NameValuePair;
import org.apache.james.mime4j.stream.RawField;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.mailserver.core.Envelope;
import dev.mailserver.core.InternationalAddresses;
import dev.mailserver.core.MessageContent;
import dev.mailserver.core.OutgoingMessage;
import dev.mailserver.core.directory.RecipientDirectory;
import dev.mailserver.core.mime.HeaderSection;
import dev.mailserver.core.queue.BounceComposer;
import dev.mailserver.core.queue.QueuedMail;
import dev.mailserver.core.queue.RecipientState;

/**
 * Writes delivery status notifications (RFC 3464) to a message's envelope sender: a
 * {@code multipart/report} with a human-readable part, a {@code message/delivery-status} part with one
 * block per recipient ({@code Action}, {@code Status}, and {@code Remote-MTA} / {@code Diagnostic-Code}
 * when a remote server gave the reason, see {@link RemoteDiagnostic}) and the original message's headers
 * ({@code text/rfc822-headers}), or the whole message ({@code message/rfc822}) in a failure notice
 * when the sender asked with {@code RET=FULL}. Notices come from {@code MAILER-DAEMON@<reporting host>}
 * and go out with the null sender, so they are never bounced themselves.
 *
 * <p>The DSN parameters of RFC 3461 are honoured: each recipient is reported only on the outcomes its
 * {@code NOTIFY} asks for (by default failures and delays; never with {@code NEVER}); successes are
 * reported for {@code NOTIFY=SUCCESS} as {@code delivered} (local mailbox) or {@code relayed} (to a server
 * that does not offer DSN; one that does reports itself); {@code ENVID} and {@code ORCPT} come back as
 * {@code Original-Envelope-Id} and {@code Original-Recipient}.
 *
 * <p>No notice is written for mail from the null sender (a bounce is never bounced), nor to a local
 * address whose mailbox does not exist.
 */
public final class DsnComposer implements BounceComposer {
    private static final Logger LOGGER = LoggerFactory.getLogger(DsnComposer.class);
    private static final Pattern ENHANCED_STATUS = Pattern.compile("[245]\\.\\d{1,3}\\.\\d{1,3}");
    private static final DateTimeFormatter RFC_5322_DATE = DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.ENGLISH)
        .withZone(ZoneOffset.UTC);
    private static final String CRLF = "\r\n";

    private final String reportingMta;
    private final RecipientDirectory directory;
    private final Clock clock;

    /**
     * @param reportingMta this server's host name, for {@code Reporting-MTA} and the notice's From
     * @param directory tells which local senders have a mailbox
     */
    public DsnComposer(String reportingMta, RecipientDirectory directory, Clock clock) {
        this.reportingMta = reportingMta;
        this.directory = directory;
        this.clock = clock;
    }

    /** The bounce for recipients that failed for good. */
    @Override
    public Optional<OutgoingMessage> compose(QueuedMail mail, List<RecipientState> failed, MessageContent content) throws IOException {
        return compose(mail, failed.stream().filter(state -> state.options().notifyOn().wantsFailure()).toList(), content, Kind.FAILURE);
    }

    /** The warning that delivery to still pending recipients is delayed; they will be tried again. */
    @Override
    public Optional<OutgoingMessage> composeDelayWarning(QueuedMail mail, List<RecipientState> delayed, MessageContent content) throws IOException {
        return compose(mail, delayed.stream().filter(state -> state.options().notifyOn().wantsDelay()).toList(), content, Kind.DELAY);
    }

    /** The report of delivered recipients that asked for one and whose next hop does not report itself. */
    @Override
    public Optional<OutgoingMessage> composeSuccess(QueuedMail mail, List<RecipientState> delivered, MessageContent content) throws IOException {
        return compose(mail, delivered.stream()
            .filter(state -> state.options().notifyOn().wantsSuccess() && !RemoteDiagnostic.isDsnPassedOn(state.lastResult()))
            .toList(), content, Kind.SUCCESS);
    }

    private Optional<OutgoingMessage> compose(QueuedMail mail, List<RecipientState> recipients, MessageContent content, Kind kind)
        throws IOException {
        Optional<MailAddress> sender = mail.sender().asOptional();
        if (sender.isEmpty() || recipients.isEmpty()) {
            return Optional.empty();
        }
        if (directory.isLocalDomain(sender.get().getDomain()) && !directory.hasMailbox(sender.get())) {
            LOGGER.info("{}: no {} notice to <{}>: no such local mailbox", mail.id(), kind.name().toLowerCase(Locale.ROOT),
                sender.get().asString());
            return Optional.empty();
        }
        boolean full = kind == Kind.FAILURE && mail.options().returnsFullContent();
        byte[] returned = full ? readAll(content) : headerSection(content);
        byte[] notice = write(report(mail, sender.get(), recipients, returned, full, kind));
        return Optional.of(new OutgoingMessage(new Envelope(MaybeSender.nullSender(), List.of(sender.get())), MessageContent.ofBytes(notice)));
    }

    private static byte[] readAll(MessageContent content) throws IOException {
        try (InputStream in = content.openStream()) {
            return in.readAllBytes();
        }
    }

    /** The returned header section, bounded: a message without a body separator is not copied whole. */
    private static byte[] headerSection(MessageContent content) throws IOException {
        return content.header().bytes();
    }

    /** @param full whether {@code returned} is the whole message rather than its header section */
    private Message report(QueuedMail mail, MailAddress sender, List<RecipientState> recipients, byte[] returned, boolean full,
                           Kind kind) throws IOException {
        MultipartBuilder report = MultipartBuilder.create("report")
            .addContentTypeParameter(new NameValuePair("report-type", "delivery-status"))
            .addBodyPart(BodyPartBuilder.create()
                .setBody(humanReadable(mail, recipients, kind), StandardCharsets.UTF_8)
                .setContentTransferEncoding("8bit"))
            .addBodyPart(BodyPartBuilder.create()
                .setBody(BasicBodyFactory.INSTANCE.textBody(deliveryStatus(mail, recipients, kind), StandardCharsets.UTF_8))
                .setContentType("message/delivery-status")
                .setContentTransferEncoding("8bit"))
            .addBodyPart(BodyPartBuilder.create()
                .setBody(BasicBodyFactory.INSTANCE.binaryBody(returned))
                .setContentType(full ? "message/rfc822" : "text/rfc822-headers")
                .setContentTransferEncoding(isSevenBit(returned) ? "7bit" : "8bit"));
        return MessageBuilder.create()
            .setFrom(new Mailbox("Mail Delivery System", "MAILER-DAEMON", reportingMta))
            .setTo(new Mailbox(sender.getLocalPart(), sender.getDomain().asString()))
            .setSubject(kind.subject)
            .setDate(Date.from(clock.instant()))
            .generateMessageId(reportingMta)
            .addField(new RawField("Auto-Submitted", "auto-replied"))
            .setBody(report.build())
            .build();
    }

    private String humanReadable(QueuedMail mail, List<RecipientState> recipients, Kind kind) {
        StringBuilder text = new StringBuilder()
            .append("This is the mail system at host ").append(reportingMta).append('.').append(CRLF).append(CRLF)
            .append(kind.explanation(Duration.between(mail.arrivedAt(), clock.instant()))).append(CRLF).append(CRLF);
        for (RecipientState recipient : recipients) {
            text.append('<').append(InternationalAddresses.toExternal(recipient.recipient())).append(">: ").append(reason(recipient)).append(CRLF);
        }
        return text.toString();
    }

    private String deliveryStatus(QueuedMail mail, List<RecipientState> recipients, Kind kind) {
        StringBuilder fields = new StringBuilder();
        mail.options().envelopeId().ifPresent(id -> fields.append("Original-Envelope-Id: ").append(id).append(CRLF));
        fields.append("Reporting-MTA: dns; ").append(reportingMta).append(CRLF)
            .append("X-Queue-ID: ").append(mail.id()).append(CRLF)
            .append("Arrival-Date: ").append(RFC_5322_DATE.format(mail.arrivedAt())).append(CRLF);
        for (RecipientState recipient : recipients) {
            fields.append(CRLF);
            recipient.options().originalRecipient().ifPresent(original -> fields.append("Original-Recipient: ").append(original).append(CRLF));
            fields.append("Final-Recipient: ").append(finalRecipient(recipient.recipient())).append(CRLF)
                .append("Action: ").append(kind.action(recipient)).append(CRLF)
                .append("Status: ").append(status(recipient.lastResult(), kind)).append(CRLF);
            Optional<RemoteDiagnostic> remote = RemoteDiagnostic.findIn(recipient.lastResult());
            if (remote.isPresent()) {
                fields.append("Remote-MTA: dns; ").append(remote.get().remoteMta()).append(CRLF)
                    .append("Diagnostic-Code: smtp; ").append(remote.get().reply()).append(CRLF);
            } else {
                fields.append("Diagnostic-Code: X-mailserver; ").append(reason(recipient)).append(CRLF);
            }
            fields.append("Last-Attempt-Date: ").append(RFC_5322_DATE.format(clock.instant())).append(CRLF);
        }
        return fields.toString();
    }

    /** A UTF-8 address as RFC 6533 writes it ({@code utf-8; jöran@example.org}), others as {@code rfc822; ...}. */
    private static String finalRecipient(MailAddress recipient) {
        return InternationalAddresses.needsSmtpUtf8(recipient) ? "utf-8; " + InternationalAddresses.toExternal(recipient)
            : "rfc822; " + recipient.asString();
    }

    /** The enhanced status code that starts the recipient's last result, or a generic one of the right class. */
    private static String status(String lastResult, Kind kind) {
        String first = lastResult.split(" ", 2)[0];
        return ENHANCED_STATUS.matcher(first).matches() && first.charAt(0) == kind.statusClass ? first : kind.statusClass + ".0.0";
    }

    /** The last result without its leading status code. */
    private static String reason(RecipientState recipient) {
        String[] parts = recipient.lastResult().split(" ", 2);
        if (parts.length == 2 && ENHANCED_STATUS.matcher(parts[0]).matches()) {
            return parts[1];
        }
        return recipient.lastResult().isEmpty() ? "no reason given" : recipient.lastResult();
    }

    private static boolean isSevenBit(byte[] bytes) {
        for (byte b : bytes) {
            if (b < 0) {
                return false;
            }
        }
        return true;
    }

    private static byte[] write(Message message) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new DefaultMessageWriter().writeMessage(message, out);
        return out.toByteArray();
    }

    private enum Kind {
        FAILURE("Undelivered Mail Returned to Sender", "failed", '5'),
        DELAY("Delayed Mail (still being retried)", "delayed", '4'),
        SUCCESS("Successful Mail Delivery Report", "delivered", '2');

        private final String subject;
        private final String action;
        private final char statusClass;

        Kind(String subject, String action, char statusClass) {
            this.subject = subject;
            this.action = action;
            this.statusClass = statusClass;
        }

        /** A success handed to a server that does not report is {@code relayed} (RFC 3464 section 2.3.3). */
        String action(RecipientState recipient) {
            return this == SUCCESS && RemoteDiagnostic.findIn(recipient.lastResult()).isPresent() ? "relayed" : action;
        }

        String explanation(Duration delay) {
            return switch (this) {
                case FAILURE -> "Your message could not be delivered to one or more recipients, for the reasons below."
                    + " The delivery report and the headers of your message are attached.";
                case DELAY -> "Your message could not be delivered yet to one or more recipients, for the reasons below;"
                    + " it has been delayed for " + describe(delay) + ". Delivery will be tried again: there is no need"
                    + " to send the message once more. You will be told if it fails for good.";
                case SUCCESS -> "Your message was delivered to the recipients below, or passed on to a mail system that"
                    + " does not report deliveries, as you asked. The delivery report and the headers of your message are attached.";
            };
        }
    }

    private static String describe(Duration delay) {
        return delay.toHours() > 0 ? delay.toHours() + " hour(s)" : delay.toMinutes() + " minute(s)";
    }
}
