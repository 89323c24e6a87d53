package dev.mailserver.smtp;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Counts the mail transactions between DATA and their final reply, so that a stopping listener can
 * let them finish before it closes connections.
 */
final class InFlightTransactions {
    private int count;

    synchronized void begin() {
        count++;
    }

    synchronized void end() {
        count--;
        if (count == 0) {
            notifyAll();
        }
    }

    /** Waits until none is in flight or the timeout passes; returns how many are left. */
    synchronized int awaitNone(Duration timeout) throws InterruptedException {
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
