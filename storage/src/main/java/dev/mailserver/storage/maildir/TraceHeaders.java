package dev.mailserver.storage.maildir;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.mime4j.dom.Header;
import org.apache.james.mime4j.message.DefaultMessageBuilder;
import org.apache.james.mime4j.stream.Field;
import org.apache.james.mime4j.stream.MimeConfig;

import dev.mailserver.core.MessageContent;

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
        DefaultMessageBuilder builder = new DefaultMessageBuilder();
        builder.setMimeEntityConfig(MimeConfig.PERMISSIVE);
        Header header;
        try (InputStream in = new BufferedInputStream(content.openStream())) {
            header = builder.parseHeader(in);
        }
        String wanted = mailbox.asString().toLowerCase(Locale.ROOT);
        for (Field field : header.getFields(DELIVERED_TO)) {
            String value = field.getBody().strip();
            if (value.startsWith("<") && value.endsWith(">")) {
                value = value.substring(1, value.length() - 1);
            }
            if (value.toLowerCase(Locale.ROOT).equals(wanted)) {
                return true;
            }
        }
        return false;
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
