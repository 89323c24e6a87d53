package dev.mailserver.queue;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

import dev.mailserver.core.queue.backend.RetryPolicy;

/**
 * When a message whose recipients failed temporarily is tried again, and when the queue gives up.
 *
 * <p>After the n-th recorded attempt the next one is due {@code delays[n - 1]} later; once the list runs
 * out its last delay repeats. A message still pending {@code maxLifetime} after its arrival expires: its
 * pending recipients fail for good. The next attempt is never scheduled past that moment, so the last
 * attempt happens on time rather than up to one delay late.
 *
 * <p>{@link #defaults()}: 1 minute, 5 minutes, 15 minutes, 30 minutes, 1 hour, 2 hours, 4 hours, then every
 * 4 hours; maximum lifetime 5 days.
 *
 * @param delays the delay after each attempt, the last one repeating; not empty, each positive
 * @param maxLifetime how long after its arrival a message may stay in the queue; positive
 */
public record RetrySchedule(List<Duration> delays, Duration maxLifetime) implements RetryPolicy {
    public RetrySchedule {
        delays = List.copyOf(delays);
        Objects.requireNonNull(maxLifetime, "maxLifetime");
        if (delays.isEmpty()) {
            throw new IllegalArgumentException("a retry schedule needs at least one delay");
        }
        if (delays.stream().anyMatch(delay -> delay.isNegative() || delay.isZero())) {
            throw new IllegalArgumentException("retry delays must be positive: " + delays);
        }
        if (maxLifetime.isNegative() || maxLifetime.isZero()) {
            throw new IllegalArgumentException("the maximum lifetime must be positive: " + maxLifetime);
        }
    }

    /** 1m, 5m, 15m, 30m, 1h, 2h, 4h, then every 4h; messages expire 5 days after arrival. */
    public static RetrySchedule defaults() {
        return new RetrySchedule(
            List.of(Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(15), Duration.ofMinutes(30),
                Duration.ofHours(1), Duration.ofHours(2), Duration.ofHours(4)),
            Duration.ofDays(5));
    }

    /** The wait after the {@code attempts}-th attempt (counting from 1). */
    @Override
    public Duration delayAfter(int attempts) {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts count from 1: " + attempts);
        }
        return delays.get(Math.min(attempts, delays.size()) - 1);
    }
}
