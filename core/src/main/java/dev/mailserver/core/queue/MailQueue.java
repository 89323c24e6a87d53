package dev.mailserver.core.queue;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import dev.mailserver.core.Envelope;
import dev.mailserver.core.MessageContent;
import dev.mailserver.core.QueueId;

/**
 * The spool between receiving and delivering. Receiving calls {@link #enqueue}; the delivery engine
 * leases due mail, delivers it and reports per-recipient results with {@link #recordAttempt}.
 *
 * <p>Implementations are safe for concurrent use.
 */
public interface MailQueue extends MailIntake {

    /** Receiving into the queue is queueing: {@link #enqueue}. */
    @Override
    default CompletableFuture<Void> receive(QueueId id, Envelope envelope, MessageContent content) {
        return enqueue(id, envelope, content);
    }

    /**
     * Stores envelope and content durably. The future completes only once both are on stable storage
     * (synced), so that an SMTP server may then answer 250; it completes exceptionally when they could
     * not be stored, and then nothing of the message is kept: with a {@link QueueStorageException} when the
     * storage is full or failed (answer {@code 452 4.3.1}), with another exception otherwise. The caller still owns {@code content}
     * and may discard it once the future has completed. The message is due at once.
     *
     * @throws IllegalArgumentException (in the future) when the id is already queued
     */
    CompletableFuture<Void> enqueue(QueueId id, Envelope envelope, MessageContent content);

    /**
     * Leases up to {@code max} messages whose next attempt is due at {@code now}, oldest due first. A
     * leased message is not returned again until its attempt has been recorded (or, if the implementation
     * has a lease timeout, until the lease has timed out). Held messages are never leased.
     */
    List<QueuedMail> leaseDue(Instant now, int max);

    /** The message as it stands in the spool, without leasing it; empty when it is not queued. */
    Optional<QueuedMail> find(QueueId id);

    /** The stored content of a queued message. */
    MessageContent content(QueueId id) throws NoSuchElementException;

    /**
     * Records one delivery attempt of a leased message and ends its lease. Recipients named in
     * {@code results} take their new state: delivered or permanently failed recipients become final and
     * are never tried again; temporarily failed ones stay pending. When every recipient is final the
     * message is removed; otherwise its next attempt is scheduled by the queue's retry policy.
     *
     * <p>Recipients that become failures in this attempt (a permanent failure, or expiry of the message)
     * are handed to the queue's {@link BounceComposer}; the notice it returns is queued in the same atomic
     * write as the attempt. When composing fails, those recipients stay pending with their result and the
     * notice is tried again at the next attempt, so that a failure is never recorded without its notice.
     *
     * @return the message as it stands after the attempt
     */
    QueuedMail recordAttempt(QueueId id, List<RecipientResult> results, Instant now) throws IOException;

    /**
     * Records an attempt as {@link #recordAttempt} does, for an attempt that is harmless to repeat: every
     * recipient it delivered went to a mailbox store that {@linkplain
     * dev.mailserver.core.mailbox.MailboxStore#findsEarlierCopies() finds its earlier copies}, and the others
     * failed. The record need not be on disk when this returns: a power failure may lose it, and the message is
     * then delivered again as one that may repeat an earlier attempt, which stores no second copy. A record that
     * queues notices is still durable (a notice queued again would get another queue id, and a second copy).
     *
     * <p>Only a queue whose records are lost together with the process that delivers (an embedded database) may
     * return early; the default records durably, as {@link #recordAttempt}.
     */
    default QueuedMail recordRepeatableAttempt(QueueId id, List<RecipientResult> results, Instant now) throws IOException {
        return recordAttempt(id, results, now);
    }

    /**
     * Whether the message, as this process last leased it, was taken over from a lease that timed out: the
     * holder (another node, presumed dead) may have delivered to some of its pending recipients without
     * recording it, so local delivery should look for the copy it may have made. False for a queue that
     * only one process uses.
     */
    default boolean wasTakenOver(QueueId id) {
        return false;
    }

    /**
     * Waits until new mail is enqueued or the timeout passes, whichever comes first. Lets the delivery
     * engine sleep between polls without adding latency to fresh mail.
     */
    void awaitWork(Duration timeout) throws InterruptedException;

    /** The number of messages in the spool. */
    long size();

    /**
     * The free space of the queue's storage and its reserve, checked at most about once a second; empty
     * when the queue keeps no reserve (or cannot tell). Lets an SMTP server refuse at MAIL, before the
     * client sends the message, what {@link #enqueue} would refuse for lack of space.
     */
    default Optional<StorageSpace> storageSpace() {
        return Optional.empty();
    }
}
