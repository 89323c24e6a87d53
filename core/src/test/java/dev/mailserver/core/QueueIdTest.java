package dev.mailserver.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

class QueueIdTest {
    @Test
    void generatedIdsAreUniqueAndParseBack() {
        Set<QueueId> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            QueueId id = QueueId.generate();
            assertThat(new QueueId(id.value())).isEqualTo(id);
            assertThat(seen.add(id)).isTrue();
        }
    }

    @Test
    void laterIdsSortAfterEarlierOnes() throws InterruptedException {
        QueueId first = QueueId.generate();
        Thread.sleep(2);
        QueueId second = QueueId.generate();
        assertThat(first).isLessThan(second);
    }

    @Test
    void rejectsMalformedIds() {
        assertThatThrownBy(() -> new QueueId("../../etc/passwd")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new QueueId("0123456789ABCDEI")).isInstanceOf(IllegalArgumentException.class);
    }
}
