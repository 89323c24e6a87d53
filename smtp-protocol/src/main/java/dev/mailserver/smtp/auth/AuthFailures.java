package dev.mailserver.smtp.auth;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.mailserver.core.directory.LoginFailures;

/**
 * Failed AUTH attempts per client IP address, counted in fixed windows and shared by the listeners of
 * one server. The more a client has failed, the later its next failure is answered; past the limit, its
 * new connections are refused until its window ends.
 */
public final class AuthFailures implements LoginFailures {
    private static final int MAX_DELAY_STEPS = 10;
    private static final int PRUNE_ABOVE = 10_000;

    private final Duration window;
    private final Duration delayStep;
    private final int maxFailuresPerClient;
    private final Clock clock;
    private final Map<InetAddress, Count> counts = new ConcurrentHashMap<>();

    /**
     * @param window how long failures are remembered
     * @param delayStep added to the reply delay for each earlier failure in the window (at most ten steps)
     * @param maxFailuresPerClient failures in a window after which the client's connections are refused
     */
    public AuthFailures(Duration window, Duration delayStep, int maxFailuresPerClient, Clock clock) {
        this.window = window;
        this.delayStep = delayStep;
        this.maxFailuresPerClient = maxFailuresPerClient;
        this.clock = clock;
    }

    public static AuthFailures defaults() {
        return new AuthFailures(Duration.ofMinutes(15), Duration.ofSeconds(1), 10, Clock.systemUTC());
    }

    @Override
    public Duration recordFailure(InetAddress client) {
        return replyDelay(record(client));
    }

    /** Notes one failure; returns the client's failures in the current window, this one included. */
    int record(InetAddress client) {
        Instant now = clock.instant();
        if (counts.size() > PRUNE_ABOVE) {
            counts.values().removeIf(count -> count.isOver(now, window));
        }
        return counts.compute(client, (address, count) -> count == null || count.isOver(now, window)
            ? new Count(now, 1) : new Count(count.since(), count.failures() + 1)).failures();
    }

    /** How long to wait before answering the client's failure number {@code failures} of the window. */
    Duration replyDelay(int failures) {
        return delayStep.multipliedBy(Math.min(failures - 1, MAX_DELAY_STEPS));
    }

    @Override
    public boolean isBlocked(InetAddress client) {
        Count count = counts.get(client);
        return count != null && !count.isOver(clock.instant(), window) && count.failures() >= maxFailuresPerClient;
    }

    private record Count(Instant since, int failures) {
        boolean isOver(Instant now, Duration window) {
            return !now.isBefore(since.plus(window));
        }
    }
}
