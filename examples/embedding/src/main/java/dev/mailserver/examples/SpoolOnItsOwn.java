package dev.mailserver.examples;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;

import dev.mailserver.core.DeliveryResult;
import dev.mailserver.core.Envelope;
import dev.mailserver.core.MessageContent;
import dev.mailserver.core.QueueId;
import dev.mailserver.core.queue.QueueFilter;
import dev.mailserver.core.queue.QueuedMail;
import dev.mailserver.core.queue.RecipientResult;
import dev.mailserver.queue.RocksDbMailQueue;

/**
 * Just the spool, in your own program: queue two messages durably, deliver one recipient yourself,
 * and find the rest again after reopening. Run it with a directory: {@code SpoolOnItsOwn /tmp/spool}.
 */
public final class SpoolOnItsOwn {
    private SpoolOnItsOwn() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println(run(Path.of(args[0])));
    }

    /** Returns what is left in the spool after reopening it, one line per message. */
    public static List<String> run(Path directory) throws Exception {
        try (RocksDbMailQueue spool = RocksDbMailQueue.open(directory, Clock.systemUTC())) {
            for (String recipient : List.of("alice@example.org", "bob@example.org")) {
                Envelope envelope = new Envelope(MaybeSender.getMailSender("me@example.org"), List.of(new MailAddress(recipient)));
                byte[] message = ("Subject: for " + recipient + "\r\n\r\nhello\r\n").getBytes(StandardCharsets.US_ASCII);
                spool.enqueue(QueueId.generate(), envelope, MessageContent.ofBytes(message)).get(); // on disk, synced
            }
            QueuedMail first = spool.leaseDue(Instant.now(), 1).get(0);
            spool.recordAttempt(first.id(), List.of(new RecipientResult(first.pendingRecipients().get(0),
                DeliveryResult.delivered("handed over by my program"))), Instant.now()); // done: leaves the spool
        }
        try (RocksDbMailQueue reopened = RocksDbMailQueue.open(directory, Clock.systemUTC())) {
            return reopened.administration().list(QueueFilter.ALL, 100).stream()
                .map(entry -> entry.mail().id() + " " + entry.state() + " " + entry.mail().pendingRecipients())
                .toList();
        }
    }
}
