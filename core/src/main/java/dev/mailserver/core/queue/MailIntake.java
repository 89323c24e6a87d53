package dev.mailserver.core.queue;

import java.util.concurrent.CompletableFuture;

import dev.mailserver.core.Envelope;
import dev.mailserver.core.MessageContent;
import dev.mailserver.core.QueueId;

/**
 * Where a server hands the mail it has received: the spool ({@link MailQueue} is one), or a delivery that may
 * store a message in its mailboxes at once and queue only what it could not deliver.
 */
@FunctionalInterface
public interface MailIntake {

    /**
     * Makes the message durable: queued, or delivered to every recipient, or delivered to some and queued for
     * the others. The future completes once that is on stable storage, so that an SMTP server may then answer
     * 250; it fails as {@link MailQueue#enqueue} does, and then nothing of the message is queued. The caller
     * still owns {@code content} and may discard it once the future has completed.
     */
    CompletableFuture<Void> receive(QueueId id, Envelope envelope, MessageContent content);
}
