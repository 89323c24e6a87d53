package dev.mailserver.queue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;

import dev.mailserver.core.QueueId;

/**
 * The keys of the three column families.
 *
 * <ul>
 *   <li>records: the queue id (16 ASCII bytes) &rarr; {@link QueuedMailCodec the encoded record};</li>
 *   <li>content: queue id + 4-byte big-endian chunk index &rarr; at most {@link #CHUNK_SIZE} bytes of the
 *       message, so a message's chunks sort together and in order (of a message kept in a content file,
 *       see {@link ContentFiles}, only the head that comes before the file's bytes);</li>
 *   <li>due: 8-byte big-endian epoch millis of the next attempt + queue id &rarr; empty, so that iterating
 *       from the start yields the messages in the order they fall due.</li>
 * </ul>
 */
final class SpoolLayout {
    static final int CHUNK_SIZE = 1024 * 1024;

    private static final int ID_LENGTH = 16;
    private static final int CHUNK_INDEX_LENGTH = Integer.BYTES;
    private static final int DUE_TIME_LENGTH = Long.BYTES;

    private SpoolLayout() {
    }

    static byte[] recordKey(QueueId id) {
        return id.value().getBytes(StandardCharsets.US_ASCII);
    }

    static QueueId idOfRecordKey(byte[] key) {
        return new QueueId(new String(key, StandardCharsets.US_ASCII));
    }

    static byte[] chunkKey(QueueId id, int index) {
        return ByteBuffer.allocate(ID_LENGTH + CHUNK_INDEX_LENGTH).put(recordKey(id)).putInt(index).array();
    }

    static int chunkCount(long size) {
        return Math.toIntExact((size + CHUNK_SIZE - 1) / CHUNK_SIZE);
    }

    static byte[] dueKey(Instant due, QueueId id) {
        return ByteBuffer.allocate(DUE_TIME_LENGTH + ID_LENGTH).putLong(due.toEpochMilli()).put(recordKey(id)).array();
    }

    /** The smallest due key of anything due after {@code now}: an exclusive upper bound for what is due. */
    static byte[] dueKeysAfter(Instant now) {
        return ByteBuffer.allocate(DUE_TIME_LENGTH).putLong(now.toEpochMilli() + 1).array();
    }

    static Instant dueTimeOfKey(byte[] key) {
        return Instant.ofEpochMilli(ByteBuffer.wrap(key, 0, DUE_TIME_LENGTH).getLong());
    }

    static QueueId idOfDueKey(byte[] key) {
        return idOfRecordKey(Arrays.copyOfRange(key, DUE_TIME_LENGTH, key.length));
    }
}
