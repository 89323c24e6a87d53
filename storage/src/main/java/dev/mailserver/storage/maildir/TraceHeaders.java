package dev.mailserver.storage.maildir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;

import dev.mailserver.core.MessageContent;
import dev.mailserver.core.mime.HeaderSection;

/**
 * The trace fields of final delivery (RFC 5321 section 4.4): {@code Return-Path:} with the envelope sender and
 * {@code Delivered-To:} with the mailbox, written above the message; and the loop they reveal, a message
 * that already carries a {@code Delivered-To:} for the mailbox it is being delivered to.
 */
public final class TraceHeaders {
    private static final String DELIVERED_TO = "Delivered-To";

    private TraceHeaders() {
    }

    /** Whether the message's header section has a {@code Delivered-To:} naming {@code mailbox} (case-insensitively). */
    public static boolean alreadyDeliveredTo(MessageContent content, MailAddress mailbox) throws IOException {
        HeaderSection header = content.header();
        String wanted = mailbox.asString();
        return header.fields().stream().filter(field -> field.isNamed(DELIVERED_TO)).map(TraceHeaders::address)
            .anyMatch(wanted::equalsIgnoreCase);
    }

    private static String address(HeaderSection.Field deliveredTo) {
        String value = deliveredTo.value();
        return value.startsWith("<") && value.endsWith(">") ? value.substring(1, value.length() - 1) : value;
    }

    /** The message with {@code Return-Path: <sender>} and {@code Delivered-To: mailbox} above its first line. */
    public static MessageContent prepend(MaybeSender sender, MailAddress mailbox, MessageContent content) {
        return prepend("Return-Path: <" + sender.asString("") + ">\r\n" + DELIVERED_TO + ": " + mailbox.asString() + "\r\n", content);
    }

    /**
     * The message with {@code Delivered-To: mailbox} above its first line, as mail sent on from a mailbox carries
     * it (a Sieve {@code redirect}): should it come back, its delivery to the mailbox is refused as a loop.
     */
    public static MessageContent prependDeliveredTo(MailAddress mailbox, MessageContent content) {
        return prepend(DELIVERED_TO + ": " + mailbox.asString() + "\r\n", content);
    }

    private static MessageContent prepend(String header, MessageContent content) {
        return MessageContent.withFields(header.getBytes(StandardCharsets.UTF_8), content);
    }
}
