package dev.mailserver.delivery;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/** Counts the deliveries under way per destination, so that no destination gets more than its share of connections. */
final class DestinationSlots {
    private final int perDestination;
    private final Map<String, Integer> inUse = new HashMap<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition released = lock.newCondition();

    DestinationSlots(int perDestination) {
        this.perDestination = perDestination;
    }

    /** Takes a slot for the destination, waiting at most {@code wait} for one to be released. */
    boolean tryAcquire(String destination, Duration wait) throws InterruptedException {
        long remaining = wait.toNanos();
        lock.lock();
        try {
            while (inUse.getOrDefault(destination, 0) >= perDestination) {
                if (remaining <= 0) {
                    return false;
                }
                remaining = released.awaitNanos(remaining);
            }
            inUse.merge(destination, 1, Integer::sum);
            return true;
        } finally {
            lock.unlock();
        }
    }

    void release(String destination) {
        lock.lock();
        try {
            inUse.computeIfPresent(destination, (key, count) -> count == 1 ? null : count - 1);
            released.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
