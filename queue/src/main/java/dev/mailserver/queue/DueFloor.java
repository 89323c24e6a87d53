package dev.mailserver.queue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;

/**
 * Where a scan of the due index may start: a due key below which every key is deleted or belongs to a
 * leased message. Delivered mail leaves its deleted due keys behind as tombstones until RocksDB compacts
 * them away, and leased mail keeps its due key until its attempt is recorded (so that after a restart it
 * is due again); a scan from the first key would walk over all of them, so its cost would grow with the
 * queue's history and with the deliveries under way. A scan seeks to the floor instead, and afterwards
 * raises the floor to the first key it found that is not leased.
 *
 * <p>Keys compare as RocksDB's default comparator does: bytewise, unsigned. A write that adds due keys
 * announces its earliest due key before it is committed and reports when the commit is over. A lease
 * that ends without its due key being deleted (its attempt was not recorded, or it timed out) lowers the
 * floor to that key. The floor is never raised past a key announced or lowered to during the scan, since
 * the scan may not have seen that key, or seen it leased.
 */
final class DueFloor {
    private static final byte[] LOWEST = new byte[0];

    private byte[] floor = LOWEST;
    /** Earliest due keys of writes announced and not yet over, with how many writes have each. */
    private final TreeMap<byte[], Integer> writing = new TreeMap<>(Arrays::compareUnsigned);
    private final List<Scan> scans = new ArrayList<>();

    /** Announces a write whose earliest due key is {@code dueKey} (null: none); call {@link #written} after it. */
    synchronized void writing(byte[] dueKey) {
        if (dueKey == null) {
            return;
        }
        lower(dueKey);
        writing.merge(dueKey, 1, Integer::sum);
    }

    /** The write announced with {@code dueKey} is committed or has failed. */
    synchronized void written(byte[] dueKey) {
        if (dueKey != null) {
            writing.computeIfPresent(dueKey, (key, count) -> count == 1 ? null : count - 1);
        }
    }

    /** A key that scans may have passed over as leased can be leased again. */
    synchronized void lower(byte[] dueKey) {
        floor = lowest(floor, dueKey);
        scans.forEach(scan -> scan.lowest = scan.lowest == null ? dueKey : lowest(scan.lowest, dueKey));
    }

    /** Starts a scan; open the database iterator only after this returns. */
    synchronized Scan startScan() {
        Scan scan = new Scan(floor, writing.isEmpty() ? null : writing.firstKey());
        scans.add(scan);
        return scan;
    }

    /**
     * Ends a scan whose first key that is not leased is {@code firstKey}, or that found none below
     * {@code firstKey} (its upper bound). Every key below it that the scan passed over is deleted or leased.
     */
    synchronized void endScan(Scan scan, byte[] firstKey) {
        scans.remove(scan);
        byte[] raised = scan.lowest == null ? firstKey : lowest(firstKey, scan.lowest);
        if (Arrays.compareUnsigned(raised, floor) > 0) {
            floor = raised;
        }
    }

    private static byte[] lowest(byte[] a, byte[] b) {
        return Arrays.compareUnsigned(a, b) <= 0 ? a : b;
    }

    /** A scan under way: it seeks to {@link #from()}. */
    static final class Scan {
        private final byte[] from;
        /** The lowest key announced or lowered to since the scan started; null: none. */
        private byte[] lowest;

        private Scan(byte[] from, byte[] lowest) {
            this.from = from;
            this.lowest = lowest;
        }

        byte[] from() {
            return from;
        }
    }
}
