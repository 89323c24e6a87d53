package dev.mailserver.core.testing;

import java.time.Duration;
import java.util.function.Predicate;

/** Bounded waiting for something a test cannot be told about: the one polling loop of the tests. */
public final class Await {
    private static final Duration POLL = Duration.ofMillis(50);

    /** What a test looks at while it waits; it may fail with any exception, which ends the wait. */
    @FunctionalInterface
    public interface Probe<T> {
        T look() throws Exception;
    }

    private Await() {
    }

    /** Waits until the condition holds; fails the test if it does not within the timeout. */
    public static void until(Probe<Boolean> condition, Duration timeout) throws Exception {
        if (!value(condition, Boolean::booleanValue, timeout)) {
            throw new AssertionError("condition not met within " + timeout);
        }
    }

    /**
     * Looks until what it sees is done, and returns that; at the timeout it returns what it saw last, for
     * the test's own assertion to describe.
     */
    public static <T> T value(Probe<T> probe, Predicate<? super T> done, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        T seen = probe.look();
        while (!done.test(seen) && System.nanoTime() < deadline) {
            Thread.sleep(POLL.toMillis());
            seen = probe.look();
        }
        return seen;
    }
}
