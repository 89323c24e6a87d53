package dev.mailserver.delivery;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Counts the deliveries under way per destination, so that no destination gets more than its share of connections.
 * Each destination has its own queue of waiting deliveries, and a released slot wakes one of them: with many
 * messages queued for one destination, a delivery that ends does not wake every other one waiting.
 */
final class DestinationSlots {
    private final int perDestination;
    private final Map<String, Destination> destinations = new HashMap<>();
    private final ReentrantLock lock = new ReentrantLock();

    /** The slots of one destination in use, and the deliveries waiting for one. */
    private static final class Destination {
        final Condition released;
        int inUse;
        int waiting;

        Destination(Condition released) {
            this.released = released;
        }
    }

    DestinationSlots(int perDestination) {
        this.perDestination = perDestination;
    }

    /** Takes a slot for the destination, waiting at most {@code wait} for one to be released. */
    boolean tryAcquire(String destination, Duration wait) throws InterruptedException {
        long remaining = wait.toNanos();
        lock.lock();
        try {
            Destination slots = destinations.computeIfAbsent(destination, key -> new Destination(lock.newCondition()));
            while (slots.inUse >= perDestination) {
                if (remaining <= 0) {
                    forgetIfUnused(destination, slots);
                    return false;
                }
                slots.waiting++;
                try {
                    remaining = slots.released.awaitNanos(remaining);
                } finally {
                    slots.waiting--;
                }
            }
            slots.inUse++;
            return true;
        } finally {
            lock.unlock();
        }
    }

    void release(String destination) {
        lock.lock();
        try {
            Destination slots = destinations.get(destination);
            if (slots == null) {
                return;
            }
            slots.inUse--;
            if (slots.waiting > 0) {
                slots.released.signal();
            } else {
                forgetIfUnused(destination, slots);
            }
        } finally {
            lock.unlock();
        }
    }

    private void forgetIfUnused(String destination, Destination slots) {
        if (slots.inUse == 0 && slots.waiting == 0) {
            destinations.remove(destination);
        }
    }
}
