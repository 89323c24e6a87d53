package dev.mailserver.delivery;

import java.time.Duration;

/**
 * @param concurrency messages delivered at the same time
 * @param pollInterval longest sleep between looks at the queue when nothing new arrives (retries come due this way)
 */
public record DeliverySettings(int concurrency, Duration pollInterval) {
    public static final int DEFAULT_CONCURRENCY = 20;
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(1);

    public DeliverySettings {
        if (concurrency <= 0) {
            throw new IllegalArgumentException("concurrency must be positive, not " + concurrency);
        }
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("pollInterval must be positive, not " + pollInterval);
        }
    }

    public static DeliverySettings defaults() {
        return new DeliverySettings(DEFAULT_CONCURRENCY, DEFAULT_POLL_INTERVAL);
    }
}
