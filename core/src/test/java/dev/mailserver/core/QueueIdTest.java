package dev.mailserver.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

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
    void idsMadeWithinOneMillisecondSortInTheOrderTheyWereMade() {
        Clock frozen = Clock.fixed(Instant.parse("2026-12-01T10:00:00.123Z"), ZoneOffset.UTC);
        List<QueueId> made = Stream.generate(() -> QueueId.generate(frozen)).limit(10_000).toList();

        assertThat(made).isSortedAccordingTo(Comparator.naturalOrder()).doesNotHaveDuplicates();
    }

    @Test
    void anIdOfALaterMillisecondSortsAfterAnyOfAnEarlierOne() {
        Instant now = Instant.parse("2026-12-01T10:00:00.123Z");
        List<QueueId> earlier = Stream.generate(() -> QueueId.generate(Clock.fixed(now, ZoneOffset.UTC))).limit(1000).toList();

        QueueId later = QueueId.generate(Clock.fixed(now.plusMillis(1), ZoneOffset.UTC));

        assertThat(earlier).allSatisfy(id -> assertThat(id).isLessThan(later));
    }

    @Test
    void rejectsMalformedIds() {
        assertThatThrownBy(() -> new QueueId("../../etc/passwd")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new QueueId("0123456789ABCDEI")).isInstanceOf(IllegalArgumentException.class);
    }
}
