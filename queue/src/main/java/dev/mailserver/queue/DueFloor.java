package dev.mailserver.queue;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Where a scan of the due index may start: a due time (epoch millis) below which the index holds no
 * key. Delivered mail leaves its deleted due keys behind as tombstones until RocksDB compacts them
 * away; a scan from the first key would walk over every one of them, so its cost would grow with the
 * queue's history. A scan seeks to the floor instead, and afterwards raises the floor to the first key
 * it found.
 *
 * <p>A write that adds due keys announces its earliest due time before it is committed and reports
 * when the commit is over. The floor is never raised past the earliest due time of a write that
 * was under way during the scan, since the scan may not have seen that write's keys.
 */
final class DueFloor {
    private long floor;
    /** Earliest due times of writes announced and not yet over, with how many writes have each. */
    private final TreeMap<Long, Integer> writing = new TreeMap<>();
    private final List<Scan> scans = new ArrayList<>();

    /** Announces a write whose earliest due key is at {@code dueMillis}; call {@link #written} after it. */
    synchronized void writing(long dueMillis) {
        if (dueMillis == Long.MAX_VALUE) {
            return;
        }
        floor = Math.min(floor, dueMillis);
        writing.merge(dueMillis, 1, Integer::sum);
        scans.forEach(scan -> scan.lowestWrite = Math.min(scan.lowestWrite, dueMillis));
    }

    /** The write announced with {@code dueMillis} is committed or has failed. */
    synchronized void written(long dueMillis) {
        writing.computeIfPresent(dueMillis, (due, count) -> count == 1 ? null : count - 1);
    }

    /** Starts a scan; open the database iterator only after this returns. */
    synchronized Scan startScan() {
        Scan scan = new Scan(floor, writing.isEmpty() ? Long.MAX_VALUE : writing.firstKey());
        scans.add(scan);
        return scan;
    }

    /**
     * Ends a scan that found its first key at {@code firstKeyMillis}, or none below {@code firstKeyMillis}
     * (its upper bound). Every key below it that the scan passed over is deleted.
     */
    synchronized void endScan(Scan scan, long firstKeyMillis) {
        scans.remove(scan);
        long raised = Math.min(firstKeyMillis, scan.lowestWrite);
        if (raised > floor) {
            floor = raised;
        }
    }

    /** A scan under way: it seeks to {@link #from()}. */
    static final class Scan {
        private final long from;
        private long lowestWrite;

        private Scan(long from, long lowestWrite) {
            this.from = from;
            this.lowestWrite = lowestWrite;
        }

        long from() {
            return from;
        }
    }
}
