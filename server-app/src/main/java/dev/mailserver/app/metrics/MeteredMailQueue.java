package dev.mailserver.app.metrics;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import dev.mailserver.core.Envelope;
import dev.mailserver.core.MessageContent;
import dev.mailserver.core.QueueId;
import dev.mailserver.core.queue.MailQueue;
import dev.mailserver.core.queue.QueuedMail;
import dev.mailserver.core.queue.RecipientResult;
import dev.mailserver.core.queue.RecipientState;
import dev.mailserver.core.queue.StorageSpace;

/**
 * The spool as the listeners and the delivery engine use it, counting what passes: messages received, and
 * each recipient's delivery attempt by the state the spool recorded for it (so that a deferral past the
 * message's lifetime counts as the bounce it became).
 */
public final class MeteredMailQueue implements MailQueue {
    private final MailQueue queue;
    private final MailMetrics metrics;

    public MeteredMailQueue(MailQueue queue, MailMetrics metrics) {
        this.queue = queue;
        this.metrics = metrics;
    }

    @Override
    public CompletableFuture<Void> enqueue(QueueId id, Envelope envelope, MessageContent content) {
        return queue.enqueue(id, envelope, content).thenRun(metrics::messageReceived);
    }

    @Override
    public QueuedMail recordAttempt(QueueId id, List<RecipientResult> results, Instant now) throws IOException {
        return counted(queue.recordAttempt(id, results, now), results, now);
    }

    @Override
    public QueuedMail recordRepeatableAttempt(QueueId id, List<RecipientResult> results, Instant now) throws IOException {
        return counted(queue.recordRepeatableAttempt(id, results, now), results, now);
    }

    private QueuedMail counted(QueuedMail after, List<RecipientResult> results, Instant now) {
        Duration delay = Duration.between(after.arrivedAt(), now);
        for (RecipientResult result : results) {
            after.recipients().stream().filter(state -> state.recipient().equals(result.recipient())).findFirst()
                .map(RecipientState::status)
                .ifPresent(status -> metrics.deliveryAttempted(status, delay));
        }
        return after;
    }

    @Override
    public List<QueuedMail> leaseDue(Instant now, int max) {
        return queue.leaseDue(now, max);
    }

    @Override
    public boolean wasTakenOver(QueueId id) {
        return queue.wasTakenOver(id);
    }

    @Override
    public Optional<QueuedMail> find(QueueId id) {
        return queue.find(id);
    }

    @Override
    public MessageContent content(QueueId id) {
        return queue.content(id);
    }

    @Override
    public void awaitWork(Duration timeout) throws InterruptedException {
        queue.awaitWork(timeout);
    }

    @Override
    public Optional<StorageSpace> storageSpace() {
        return queue.storageSpace();
    }

    @Override
    public long size() {
        return queue.size();
    }
}
