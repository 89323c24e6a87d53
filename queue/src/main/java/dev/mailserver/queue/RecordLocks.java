package dev.mailserver.queue;

import java.io.IOException;
import java.util.concurrent.locks.ReentrantLock;

import dev.mailserver.core.QueueId;

/**
 * Serializes the read-modify-write of a message record: leasing, recording an attempt and administrative
 * changes each read the record and write it back, and must not overwrite each other's change (a hold set
 * while an attempt is recorded must survive it). Ids share a fixed set of locks, so the memory used does not
 * grow with the queue.
 */
final class RecordLocks {
    private static final int STRIPES = 64;

    private final ReentrantLock[] stripes = new ReentrantLock[STRIPES];

    RecordLocks() {
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new ReentrantLock();
        }
    }

    <T> T underLock(QueueId id, LockedCall<T> call) throws IOException {
        ReentrantLock lock = stripes[Math.floorMod(id.hashCode(), STRIPES)];
        lock.lock();
        try {
            return call.run();
        } finally {
            lock.unlock();
        }
    }

    @FunctionalInterface
    interface LockedCall<T> {
        T run() throws IOException;
    }
}
