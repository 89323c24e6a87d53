package dev.mailserver.examples;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.mailserver.core.Envelope;
import dev.mailserver.core.MessageContent;
import dev.mailserver.core.QueueId;
import dev.mailserver.core.queue.MailQueue;
import dev.mailserver.core.queue.QueuedMail;
import dev.mailserver.core.queue.RecipientResult;

/**
 * Your own message consumer behind an SMTP listener: the listener hands each accepted message to
 * {@link MailQueue#enqueue} and answers 250 when the returned future completes. This one prints the
 * message and keeps it; it delivers nothing, so it never has anything due.
 */
public final class PrintingConsumer implements MailQueue {
    /** One message as the consumer got it. */
    public record Received(QueueId id, Envelope envelope, String content) {
    }

    private final PrintStream out;
    private final List<Received> received = new CopyOnWriteArrayList<>();

    public PrintingConsumer(PrintStream out) {
        this.out = out;
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    @Override
    public CompletableFuture<Void> enqueue(QueueId id, Envelope envelope, MessageContent content) {
        try (InputStream in = content.openStream()) {
            Received message = new Received(id, envelope, new String(in.readAllBytes(), StandardCharsets.UTF_8));
            received.add(message);
            out.println(id + ": from <" + envelope.sender().asString("") + "> to " + envelope.recipients() + "\n" + message.content());
            return CompletableFuture.completedFuture(null);
        } catch (IOException e) {
            return CompletableFuture.failedFuture(new UncheckedIOException(e));
        }
    }

    @Override
    public List<QueuedMail> leaseDue(Instant now, int max) {
        return List.of();
    }

    @Override
    public Optional<QueuedMail> find(QueueId id) {
        return Optional.empty();
    }

    @Override
    public MessageContent content(QueueId id) {
        throw new NoSuchElementException(id.toString());
    }

    @Override
    public QueuedMail recordAttempt(QueueId id, List<RecipientResult> results, Instant now) {
        throw new IllegalStateException("this consumer delivers nothing");
    }

    @Override
    public void awaitWork(Duration timeout) throws InterruptedException {
        Thread.sleep(timeout.toMillis());
    }

    @Override
    public long size() {
        return 0;
    }
}
