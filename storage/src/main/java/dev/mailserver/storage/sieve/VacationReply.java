package dev.mailserver.storage.sieve;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import org.apache.james.core.MailAddress;
import org.apache.james.mime4j.codec.EncoderUtil;

import dev.mailserver.core.MessageContent;

/**
 * The reply of a {@code vacation} action (RFC 5230 section 5): to the sender, from the user (or {@code :from}), with
 * {@code Auto-Submitted: auto-replied}, {@code In-Reply-To} and {@code References} naming the message, and the
 * subject {@code :subject} or {@code Auto: <original subject>}.
 */
final class VacationReply {
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.ROOT);

    private VacationReply() {
    }

    static MessageContent compose(MailAddress user, MailAddress sender, VacationRequest request, SieveMessage original, Clock clock) {
        String subject = request.subject().orElseGet(() -> "Auto: " + original.first("subject").orElse("your message"));
        StringBuilder text = new StringBuilder()
            .append("From: ").append(oneLine(request.from().orElse(user.asString()))).append("\r\n")
            .append("To: ").append(sender.asString()).append("\r\n")
            .append("Subject: ").append(EncoderUtil.encodeIfNecessary(oneLine(subject), EncoderUtil.Usage.TEXT_TOKEN, 9)).append("\r\n")
            .append("Date: ").append(DATE.format(ZonedDateTime.now(clock))).append("\r\n")
            .append("Message-ID: <").append(UUID.randomUUID()).append('@').append(user.getDomain().asString()).append(">\r\n");
        Optional<String> messageId = original.first("message-id");
        messageId.ifPresent(id -> text.append("In-Reply-To: ").append(oneLine(id)).append("\r\n"));
        String references = (original.first("references").orElse("") + " " + messageId.orElse("")).strip();
        if (!references.isEmpty()) {
            text.append("References: ").append(oneLine(references)).append("\r\n");
        }
        text.append("Auto-Submitted: auto-replied (vacation)\r\n").append("MIME-Version: 1.0\r\n");
        if (!request.mime()) {
            text.append("Content-Type: text/plain; charset=utf-8\r\n").append("Content-Transfer-Encoding: 8bit\r\n").append("\r\n");
        }
        text.append(crlf(request.reason()));
        if (!text.toString().endsWith("\r\n")) {
            text.append("\r\n");
        }
        return MessageContent.ofBytes(text.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static String oneLine(String value) {
        return value.replaceAll("[\r\n]+", " ");
    }

    private static String crlf(String text) {
        return text.replace("\r\n", "\n").replace("\n", "\r\n");
    }
}
