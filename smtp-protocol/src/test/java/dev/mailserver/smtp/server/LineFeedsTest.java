package dev.mailserver.smtp.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LineFeedsTest {
    /** Bytes that differ from LF in one bit, or are LF with the high bit set, next to each other and to LFs. */
    private static final byte[] NEAR_MISSES = {0x0B, 0x08, 0x0E, 0x02, (byte) 0x8A, 0x09, 0x00, (byte) 0xFF, 0x0D, 0x2A};

    @Test
    void findsTheFirstLineFeedAtEveryPositionAndFromEveryStart() {
        for (int length = 0; length <= 40; length++) {
            for (int lineFeed = -1; lineFeed < length; lineFeed++) {
                byte[] array = filler(length, lineFeed);
                for (int from = 0; from <= length; from++) {
                    int expected = lineFeed >= from ? lineFeed : -1;
                    assertThat(LineFeeds.firstIndex(array, from, length)).as("length %d, LF at %d, from %d", length, lineFeed, from)
                        .isEqualTo(expected);
                }
            }
        }
    }

    @Test
    void ofSeveralLineFeedsFindsTheFirstAndStopsAtTheEnd() {
        byte[] array = filler(32, -1);
        array[9] = '\n';
        array[10] = '\n';
        array[20] = '\n';
        assertThat(LineFeeds.firstIndex(array, 0, 32)).isEqualTo(9);
        assertThat(LineFeeds.firstIndex(array, 10, 32)).isEqualTo(10);
        assertThat(LineFeeds.firstIndex(array, 11, 32)).isEqualTo(20);
        assertThat(LineFeeds.firstIndex(array, 11, 20)).as("the end is exclusive").isEqualTo(-1);
    }

    private static byte[] filler(int length, int lineFeed) {
        byte[] array = new byte[length];
        for (int i = 0; i < length; i++) {
            array[i] = NEAR_MISSES[i % NEAR_MISSES.length];
        }
        if (lineFeed >= 0) {
            array[lineFeed] = '\n';
        }
        return array;
    }
}
