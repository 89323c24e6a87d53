package dev.mailserver.core.queue;

/**
 * The free space of a queue's storage against the reserve it keeps (Postfix's {@code queue_minfree}).
 *
 * @param usableBytes free space usable by the queue now
 * @param reserveBytes free space the queue keeps; it refuses mail that would leave less
 */
public record StorageSpace(long usableBytes, long reserveBytes) {
    /** Whether a message of {@code size} bytes still leaves the reserve free. */
    public boolean hasRoomFor(long size) {
        return usableBytes - size >= reserveBytes;
    }

    public boolean belowReserve() {
        return !hasRoomFor(0);
    }
}
