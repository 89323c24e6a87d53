package dev.mailserver.core.queue.backend;

import java.io.IOException;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

import dev.mailserver.core.Envelope;
import dev.mailserver.core.MessageContent;
import dev.mailserver.core.QueueId;

/**
 * How every backend's {@code enqueue} begins: the arguments are checked on the caller's thread, and the
 * storing of the message is handed to the writer threads.
 */
public final class EnqueueHandOff {
    private EnqueueHandOff() {
    }

    /**
     * Runs {@code store} on one of {@code writers}; the future completes as {@link WriterPool#submit} says, and
     * only then, once the stored message is stored, is {@code newMail} signalled: the client's reply comes
     * before the delivery that the signal wakes.
     *
     * @throws NullPointerException when {@code id}, {@code envelope} or {@code content} is null
     */
    public static CompletableFuture<Void> toWriters(WriterPool writers, QueueId id, Envelope envelope, MessageContent content,
                                                    Store store, WorkSignal newMail) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(envelope, "envelope");
        Objects.requireNonNull(content, "content");
        return writers.submit(() -> store.store(id, envelope, content), newMail::signal);
    }

    /** Stores one message durably, on a writer thread. */
    @FunctionalInterface
    public interface Store {
        void store(QueueId id, Envelope envelope, MessageContent content) throws IOException;
    }
}
