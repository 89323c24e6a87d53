package dev.mailserver.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class DestinationSlotsTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void manyDeliveriesWaitingForOneDestinationEachGetASlotInTurnAndNeverMoreThanItsShare() throws Exception {
        DestinationSlots slots = new DestinationSlots(2);
        AtomicInteger inUse = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        AtomicInteger served = new AtomicInteger();
        List<Thread> deliveries = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            deliveries.add(Thread.ofVirtual().start(() -> {
                try {
                    if (slots.tryAcquire("busy.test", WAIT)) {
                        most.accumulateAndGet(inUse.incrementAndGet(), Math::max);
                        Thread.yield();
                        inUse.decrementAndGet();
                        served.incrementAndGet();
                        slots.release("busy.test");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        for (Thread delivery : deliveries) {
            delivery.join(WAIT.toMillis());
        }

        assertThat(served).hasValue(50);
        assertThat(most.get()).isBetween(1, 2);
    }

    @Test
    void aFullDestinationDefersAfterTheWaitAndHoldsUpNoOther() throws Exception {
        DestinationSlots slots = new DestinationSlots(1);
        assertThat(slots.tryAcquire("slow.test", WAIT)).isTrue();

        assertThat(slots.tryAcquire("slow.test", Duration.ofMillis(10))).isFalse();
        assertThat(slots.tryAcquire("fast.test", Duration.ZERO)).isTrue();

        slots.release("slow.test");
        assertThat(slots.tryAcquire("slow.test", Duration.ZERO)).isTrue();
    }
}
