package dev.mailserver.queue;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EnqueueMemoryTest {
    private static final long BUDGET = 4L * 1024 * 1024;

    private final EnqueueMemory memory = new EnqueueMemory(BUDGET);

    @Test
    void aReservationHoldsTheMessageSizeRoundedUpToKibibytesUntilClosed() throws Exception {
        try (EnqueueMemory.Reservation reserved = memory.reserve(1500)) {
            assertThat(memory.availableBytes()).isEqualTo(BUDGET - 2048);
            try (EnqueueMemory.Reservation another = memory.reserve(1024 * 1024)) {
                assertThat(memory.availableBytes()).isEqualTo(BUDGET - 2048 - 1024 * 1024);
            }
        }
        assertThat(memory.availableBytes()).isEqualTo(BUDGET);
    }

    @Test
    void aMessageLargerThanTheBudgetReservesAllOfIt() throws Exception {
        try (EnqueueMemory.Reservation reserved = memory.reserve(10 * BUDGET)) {
            assertThat(memory.availableBytes()).isZero();
        }
        assertThat(memory.availableBytes()).isEqualTo(BUDGET);
    }

    @Test
    void anEmptyMessageStillReservesOneUnit() throws Exception {
        try (EnqueueMemory.Reservation reserved = memory.reserve(0)) {
            assertThat(memory.availableBytes()).isEqualTo(BUDGET - 1024);
        }
    }

    @Test
    void aWaitingReservationGoesOnOnceTheHolderCloses() throws Exception {
        EnqueueMemory.Reservation whole = memory.reserve(BUDGET);
        Thread waiter = Thread.ofVirtual().start(() -> {
            try (EnqueueMemory.Reservation next = memory.reserve(BUDGET)) {
                assertThat(next).isNotNull();
            } catch (java.io.InterruptedIOException e) {
                throw new AssertionError(e);
            }
        });
        whole.close();
        waiter.join();
        assertThat(memory.availableBytes()).isEqualTo(BUDGET);
    }
}
