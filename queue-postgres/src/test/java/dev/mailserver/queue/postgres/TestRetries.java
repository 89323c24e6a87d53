package dev.mailserver.queue.postgres;

import java.time.Duration;

import dev.mailserver.core.queue.backend.RetryPolicy;

/** Retries every minute for five days, the lifetime the queue contract expects. */
record TestRetries(Duration delay, Duration maxLifetime) implements RetryPolicy {
    static final TestRetries FIVE_DAYS = new TestRetries(Duration.ofMinutes(1), Duration.ofDays(5));

    @Override
    public Duration delayAfter(int attempts) {
        return delay;
    }
}
