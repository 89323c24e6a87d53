package dev.mailserver.queue;

import java.io.IOException;
import java.util.Collection;
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
        ReentrantLock lock = stripes[stripe(id)];
        lock.lock();
        try {
            return call.run();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Runs {@code call} holding the locks of all {@code ids}. They are taken in the order of their stripes;
     * no caller takes a lock while holding one otherwise, so this cannot deadlock.
     */
    <T> T underLocks(Collection<QueueId> ids, LockedCall<T> call) throws IOException {
        int[] taken = ids.stream().mapToInt(RecordLocks::stripe).distinct().sorted().toArray();
        int locked = 0;
        try {
            for (int stripe : taken) {
                stripes[stripe].lock();
                locked++;
            }
            return call.run();
        } finally {
            for (int i = locked - 1; i >= 0; i--) {
                stripes[taken[i]].unlock();
            }
        }
    }

    private static int stripe(QueueId id) {
        return Math.floorMod(id.hashCode(), STRIPES);
    }

    @FunctionalInterface
    interface LockedCall<T> {
        T run() throws IOException;
    }
}
