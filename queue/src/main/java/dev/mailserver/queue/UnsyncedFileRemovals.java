package dev.mailserver.queue;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.mailserver.core.QueueId;

/**
 * The content files of messages whose record deletion was committed without sync. A file goes once a sync
 * covers that deletion: the next synced write (an enqueue, another attempt's record) or, when none comes, the
 * sync this asks for a second after the first file waits. Until then the record's deletion may still be lost
 * to a power cut, and the message then needs its content.
 */
final class UnsyncedFileRemovals implements AutoCloseable {
    private static final long SYNC_AFTER_MILLIS = 1000;
    private static final long IDLE_THREAD_SECONDS = 10;

    private final Set<QueueId> waiting = ConcurrentHashMap.newKeySet();
    private final ContentFiles files;
    private final Runnable sync;
    private final ScheduledThreadPoolExecutor timer;
    private final AtomicBoolean syncAsked = new AtomicBoolean();

    /** @param sync syncs the spool and then calls {@link #synced} with what {@link #coveredByASyncNow} gave before */
    UnsyncedFileRemovals(ContentFiles files, Runnable sync) {
        this.files = files;
        this.sync = sync;
        this.timer = new ScheduledThreadPoolExecutor(1, Thread.ofPlatform().name("spool-sync").daemon(true).factory());
        timer.setKeepAliveTime(IDLE_THREAD_SECONDS, TimeUnit.SECONDS);
        timer.allowCoreThreadTimeOut(true);
    }

    /** The files of a batch just committed without sync. */
    void add(List<QueueId> ids) {
        if (ids.isEmpty()) {
            return;
        }
        waiting.addAll(ids);
        if (syncAsked.compareAndSet(false, true)) {
            timer.schedule(() -> {
                syncAsked.set(false);
                sync.run();
            }, SYNC_AFTER_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    /** What a sync that starts now makes durable: the deletions committed so far. */
    List<QueueId> coveredByASyncNow() {
        return waiting.isEmpty() ? List.of() : List.copyOf(waiting);
    }

    /** Deletes the files of {@code covered} (from {@link #coveredByASyncNow}), whose deletions a sync has made durable. */
    void synced(List<QueueId> covered) {
        for (QueueId id : covered) {
            if (waiting.remove(id)) {
                files.delete(id);
            }
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
