package dev.mailserver.storage.quota;

import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.UUID;

import org.apache.james.core.MailAddress;

import dev.mailserver.core.MessageContent;

/** The message that tells a user their mailbox has passed the warning share of its quota. */
public final class QuotaWarning {
    private QuotaWarning() {
    }

    public static MessageContent compose(MailAddress mailbox, String usage, int percent, ZonedDateTime now) {
        String postmaster = "postmaster@" + mailbox.getDomain().asString();
        String text = "Return-Path: <>\r\n"
            + "Delivered-To: " + mailbox.asString() + "\r\n"
            + "From: Mail Delivery System <" + postmaster + ">\r\n"
            + "To: <" + mailbox.asString() + ">\r\n"
            + "Subject: Your mailbox is " + percent + "% full\r\n"
            + "Date: " + DateTimeFormatter.RFC_1123_DATE_TIME.format(now) + "\r\n"
            + "Message-ID: <" + UUID.randomUUID() + "@" + mailbox.getDomain().asString() + ">\r\n"
            + "Auto-Submitted: auto-generated\r\n"
            + "MIME-Version: 1.0\r\n"
            + "Content-Type: text/plain; charset=us-ascii\r\n"
            + "\r\n"
            + "Your mailbox " + mailbox.asString() + " now holds " + usage + ".\r\n"
            + "Once it is full, new mail waits and is returned to its senders after a few days.\r\n"
            + "Please delete or archive messages you no longer need.\r\n";
        return MessageContent.ofBytes(text.getBytes(StandardCharsets.US_ASCII));
    }
}
