package dev.mailserver.delivery;

import java.time.Duration;

/**
 * The delivery engine's own settings.
 *
 * @param concurrency messages delivered at the same time (the global limit; each destination has its own
 *     smaller one, {@link RemoteDeliverySettings#destinationConcurrency()})
 * @param pollInterval longest sleep between looks at the queue when nothing new arrives (retries come due this way)
 * @param maxReceivedHeaders a message with more {@code Received:} headers is looping and fails for good ({@code 5.4.6})
 */
public record EngineSettings(int concurrency, Duration pollInterval, int maxReceivedHeaders) {
    public static final int DEFAULT_CONCURRENCY = 100;
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(1);
    public static final int DEFAULT_MAX_RECEIVED_HEADERS = 50;

    public EngineSettings {
        if (concurrency <= 0) {
            throw new IllegalArgumentException("concurrency must be positive, not " + concurrency);
        }
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("pollInterval must be positive, not " + pollInterval);
        }
        if (maxReceivedHeaders <= 0) {
            throw new IllegalArgumentException("maxReceivedHeaders must be positive, not " + maxReceivedHeaders);
        }
    }

    public static EngineSettings defaults() {
        return new EngineSettings(DEFAULT_CONCURRENCY, DEFAULT_POLL_INTERVAL, DEFAULT_MAX_RECEIVED_HEADERS);
    }
}
