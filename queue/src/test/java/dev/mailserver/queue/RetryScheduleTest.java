package dev.mailserver.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

class RetryScheduleTest {
    private static final Instant ARRIVAL = Instant.parse("2025-03-01T10:00:00Z");
    private final RetrySchedule schedule = RetrySchedule.defaults();

    @Test
    void defaultDelaysGrowThenRepeatTheLastOne() {
        assertThat(List.of(1, 2, 3, 4, 5, 6, 7, 8, 20)).map(schedule::delayAfter).containsExactly(
            Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(15), Duration.ofMinutes(30),
            Duration.ofHours(1), Duration.ofHours(2), Duration.ofHours(4), Duration.ofHours(4), Duration.ofHours(4));
        assertThat(schedule.maxLifetime()).isEqualTo(Duration.ofDays(5));
    }

    @Test
    void theNextAttemptFollowsTheDelayAfterTheAttempt() {
        Instant now = ARRIVAL.plus(Duration.ofHours(1));

        assertThat(schedule.nextAttempt(ARRIVAL, 3, now)).isEqualTo(now.plus(Duration.ofMinutes(15)));
    }

    @Test
    void theNextAttemptIsNeverLaterThanTheExpiry() {
        Instant expiry = ARRIVAL.plus(Duration.ofDays(5));

        assertThat(schedule.nextAttempt(ARRIVAL, 30, expiry.minus(Duration.ofHours(1)))).isEqualTo(expiry);
        assertThat(schedule.isExpired(ARRIVAL, expiry.minusMillis(1))).isFalse();
        assertThat(schedule.isExpired(ARRIVAL, expiry)).isTrue();
    }

    @Test
    void aScheduleNeedsPositiveDelays() {
        assertThatThrownBy(() -> new RetrySchedule(List.of(), Duration.ofDays(1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RetrySchedule(List.of(Duration.ZERO), Duration.ofDays(1)))
            .isInstanceOf(IllegalArgumentException.class);
    }
}
