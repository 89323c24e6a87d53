package dev.mailserver.core;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * The id a message gets when its DATA starts: it is quoted in the {@code 250 ... queued as <ID>} reply,
 * in the {@code Received:} header and in every log line about the message.
 *
 * <p>Sixteen characters of Crockford base32: 45 bits of the creation time in milliseconds, then 35 bits
 * of a per-process sequence that starts at a random value below 2^34. Ids therefore sort by creation time,
 * ids made in one millisecond sort in the order they were made (the sequence cannot wrap before 2^34 ids),
 * and two ids made in one process never collide unless 2^35 are made within one millisecond.
 */
public record QueueId(String value) implements Comparable<QueueId> {
    private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
    private static final Pattern FORMAT = Pattern.compile("[0-9A-HJKMNP-TV-Z]{16}");
    private static final int LENGTH = 16;
    private static final long SEQUENCE_BITS = 35;
    private static final AtomicLong SEQUENCE = new AtomicLong(new SecureRandom().nextLong(1L << (SEQUENCE_BITS - 1)));

    public QueueId {
        Objects.requireNonNull(value, "value");
        if (!FORMAT.matcher(value).matches()) {
            throw new IllegalArgumentException("not a queue id: " + value);
        }
    }

    public static QueueId generate() {
        return generate(Clock.systemUTC());
    }

    public static QueueId generate(Clock clock) {
        long millis = clock.millis();
        long sequence = SEQUENCE.getAndIncrement() & ((1L << SEQUENCE_BITS) - 1);
        char[] chars = new char[LENGTH];
        for (int i = LENGTH - 1; i >= 9; i--) {
            chars[i] = ALPHABET[(int) (sequence & 31)];
            sequence >>>= 5;
        }
        for (int i = 8; i >= 0; i--) {
            chars[i] = ALPHABET[(int) (millis & 31)];
            millis >>>= 5;
        }
        return new QueueId(new String(chars));
    }

    @Override
    public int compareTo(QueueId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
