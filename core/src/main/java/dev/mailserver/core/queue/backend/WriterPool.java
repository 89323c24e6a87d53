package dev.mailserver.core.queue.backend;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The threads a queue backend stores enqueued mail on, off the caller's (a network) thread: each write
 * completes a future, and closing waits for every write already accepted.
 */
public final class WriterPool {
    private final ExecutorService writers;
    private final String queueName;

    /** @param queueName names the queue in the error given once it is closed, e.g. {@code "in /var/spool"} */
    public WriterPool(int threads, String queueName) {
        this.writers = Executors.newFixedThreadPool(threads, Thread.ofPlatform().name("mail-queue-writer-", 1).daemon(true).factory());
        this.queueName = queueName;
    }

    /**
     * Runs {@code write} on a writer thread. The future completes when it returns, or exceptionally with
     * what it threw, or with {@link IllegalStateException} once the pool is closed. After a write that
     * returned, {@code afterSuccess} runs on the writer thread, once the future's dependents have run.
     */
    public CompletableFuture<Void> submit(Write write, Runnable afterSuccess) {
        CompletableFuture<Void> stored = new CompletableFuture<>();
        try {
            writers.execute(() -> {
                try {
                    write.run();
                } catch (Throwable e) {
                    stored.completeExceptionally(e);
                    return;
                }
                stored.complete(null);
                afterSuccess.run();
            });
        } catch (RejectedExecutionException e) {
            stored.completeExceptionally(new IllegalStateException("the mail queue " + queueName + " is closed"));
        }
        return stored;
    }

    /**
     * Runs {@code call} on a writer thread, waits for it and returns what it returned, or throws what it threw
     * ({@link IllegalStateException} once the pool is closed). For a virtual thread whose write ends in a sync
     * made by native code: that would hold the virtual thread's carrier, one of a few, until the disk is done.
     */
    public <T> T call(Call<T> call) throws IOException {
        AtomicReference<T> result = new AtomicReference<>();
        try {
            submit(() -> result.set(call.run()), () -> { }).join();
        } catch (CompletionException e) {
            switch (e.getCause()) {
                case IOException io -> throw io;
                case RuntimeException runtime -> throw runtime;
                case Error error -> throw error;
                default -> throw new IllegalStateException(e.getCause());
            }
        }
        return result.get();
    }

    /** Refuses new writes and waits for those accepted to finish, even when interrupted (the interrupt is kept). */
    public void close() {
        writers.shutdown();
        boolean interrupted = false;
        while (!writers.isTerminated()) {
            try {
                writers.awaitTermination(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                // An accepted enqueue must still complete its future, so keep waiting.
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** One write that returns a result. */
    @FunctionalInterface
    public interface Call<T> {
        T run() throws IOException;
    }

    /** One write. */
    @FunctionalInterface
    public interface Write {
        void run() throws Exception;
    }
}
