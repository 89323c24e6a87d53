package dev.mailserver.smtp.server;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Counts the mail transactions between DATA and their final reply, so that a stopping listener can
 * let them finish before it closes connections.
 */
public final class InFlightTransactions {
    private int count;

    public synchronized void begin() {
        count++;
    }

    public synchronized void end() {
        count--;
        if (count == 0) {
            notifyAll();
        }
    }

    /** Waits until none is in flight or the timeout passes; returns how many are left. */
    public synchronized int awaitNone(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (count > 0) {
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                break;
            }
            TimeUnit.NANOSECONDS.timedWait(this, remaining);
        }
        return count;
    }
}
