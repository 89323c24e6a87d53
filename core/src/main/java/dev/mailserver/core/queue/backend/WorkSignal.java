package dev.mailserver.core.queue.backend;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Wakes a waiting delivery loop when mail is enqueued. A signal given while nobody waits is kept for the
 * next {@link #await}, so mail enqueued between a poll and the wait after it adds no latency.
 */
public final class WorkSignal {
    private boolean signalled;

    public synchronized void signal() {
        signalled = true;
        notifyAll();
    }

    /** Returns once signalled (consuming the signal) or when the timeout has passed. */
    public synchronized void await(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!signalled) {
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                return;
            }
            TimeUnit.NANOSECONDS.timedWait(this, remaining);
        }
        signalled = false;
    }
}
